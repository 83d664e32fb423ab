// The server certificates of session windows, for the whole manager: each partition's verify
// proc (it also covers the page's WebSocket), one question per certificate however many windows
// meet it, and the partitions Chromium now answers with a cached refusal.
//
// Chromium caches every verdict of the proc, refusals included, for 30 minutes per network
// context (a partition), and setting the proc again does not clear it (electron/electron#41448).
// So a partition that saw a refusal is never used again: the computer's next window gets the
// next generation (sessionPartition(id, n)), in memory like the first, where the user is asked
// again.
import { certificateDecision, certificateFacts } from '../../core/certificate-policy.js';
import type { ComputerId } from '../../shared/models.js';
import type {
  CertificateAnswer,
  CertificateSubject,
  RefusedCertificate,
  SessionLike,
  SessionWindowDeps,
  SessionWindowLike,
} from './session-window-types.js';
import { sessionPartition } from './window-options.js';

/** A host name as compared here: lower case, no IPv6 brackets. */
export const bareHost = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '');

/** The certificate state shared by a manager's windows. */
export class SessionCertificates {
  // Both windows of a computer meet the same certificate: one question, one answer.
  private readonly questions = new Map<string, Promise<CertificateAnswer>>();
  // Refusals per partition and host: a later load there fails with a bare ERR_FAILED that this
  // turns back into the reason. A partition in here is never reused.
  private readonly refused = new Map<string, Map<string, RefusedCertificate>>();
  private readonly generations = new Map<ComputerId, number>();

  constructor(
    private readonly deps: SessionWindowDeps,
    private readonly bringToFront: (win: SessionWindowLike) => void,
  ) {}

  /** The partition a computer's next window gets: a fresh one once a refusal was cached in the last. */
  nextPartition(computerId: ComputerId): string {
    let generation = this.generations.get(computerId) ?? 0;
    while (this.refused.has(sessionPartition(computerId, generation))) generation++;
    this.generations.set(computerId, generation);
    return sessionPartition(computerId, generation);
  }

  /** Chromium answers this partition with a cached refusal (a retry there would fail unasked). */
  hasRefusal(partition: string): boolean {
    return this.refused.has(partition);
  }

  /** The refusal cached in that partition for that host, if any. */
  refusalIn(partition: string, hostname: string): RefusedCertificate | undefined {
    return this.refused.get(partition)?.get(bareHost(hostname));
  }

  private remember(partition: string, host: string, refused: RefusedCertificate): void {
    const hosts = this.refused.get(partition) ?? new Map<string, RefusedCertificate>();
    hosts.set(host, refused);
    this.refused.set(partition, hosts);
  }

  /** One question per certificate (both windows meet it); Trust pins it before the answer is used. */
  private ask(refused: RefusedCertificate, win: SessionWindowLike): Promise<CertificateAnswer> | undefined {
    const certs = this.deps.certificates;
    if (!certs) return undefined;
    const q = `${refused.facts.hostPort} ${refused.facts.sha256}`;
    let question = this.questions.get(q);
    if (!question) {
      this.bringToFront(win);
      question = certs
        .ask(refused, win)
        .then(
          (answer) => {
            if (answer === 'trust') {
              if (!certs.trust(refused.facts, win)) return 'cancel';
              this.deps.log.info(
                `trusted the certificate of ${refused.facts.hostPort} (${refused.facts.sha256})`,
              );
            }
            return answer;
          },
          (): CertificateAnswer => 'cancel',
        )
        .finally(() => this.questions.delete(q));
      this.questions.set(q, question);
    }
    return question;
  }

  /** Install the verify proc of one partition; `windows` are the computer's windows in it. */
  install(ses: SessionLike, partition: string, windows: () => readonly CertificateSubject[]): void {
    // The verify proc, not certificate-error: it also covers the page's WebSocket to the host.
    // The waiver must stay on the line the scanner flags.
    // prettier-ignore
    ses.setCertificateVerifyProc((request, callback) => { // eng-disable CERTIFICATE_VERIFY_PROC_JS_CHECK -- publicly trusted certificates pass as Chromium verified them; an unverified one passes only when the user pinned that exact fingerprint for that host:port (core/certificate-policy.ts)
      // Electron passes the host name only; the ports are those of this computer's sessions.
      const candidates = windows().filter((e) => {
        try {
          const u = new URL(e.origin);
          return u.protocol === 'https:' && bareHost(u.hostname) === bareHost(request.hostname);
        } catch {
          return false;
        }
      });
      if (candidates.length === 0 || request.verificationResult === 'OK') return callback(-3);
      let refused: RefusedCertificate | undefined;
      const loading: CertificateSubject[] = [];
      for (const e of candidates) {
        const u = new URL(e.origin);
        const facts = certificateFacts(
          request.certificate.data,
          `${u.hostname.toLowerCase()}:${u.port || '443'}`,
        );
        if (!facts) continue;
        const d = certificateDecision({
          facts,
          systemTrusted: false,
          pins: this.deps.certificates?.pins() ?? [],
        });
        if (d.action === 'accept') return callback(0);
        refused = d;
        if (e.attempt) {
          e.attempt.refused = d;
          loading.push(e);
        }
      }
      if (!refused) return callback(-2);
      const host = bareHost(request.hostname);
      this.deps.log.warn(
        `refused the certificate of ${refused.facts.hostPort} (${refused.why}, ${refused.facts.sha256}) until the user decides`,
      );
      // Chromium caches what this proc answers: hold the answer until the user has decided, so
      // the cached verdict is the user's (a refusal cached first would outlive a later Trust).
      const question = loading.length > 0 ? this.ask(refused, loading[0]!.win) : undefined;
      if (!question) {
        this.remember(partition, host, refused);
        return callback(-2);
      }
      for (const e of loading) if (e.attempt) e.attempt.question = question;
      const decided = refused;
      void question.then((answer) => {
        if (answer !== 'trust') this.remember(partition, host, decided);
        callback(answer === 'trust' ? 0 : -2);
      });
    });
  }
}
