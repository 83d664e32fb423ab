// The browser host's certificate check for session pages, with the same core decision the
// Electron shell applies in its verify proc. Chromium under Playwright cannot be given a verify
// proc, so this is what stands in for it, and it is honest about how:
// - before each session load, a TLS connection to the exact host:port reads the certificate the
//   server presents (system trust first, then without it to see what is there) and the core
//   policy decides: publicly trusted passes, a pinned fingerprint passes, anything else is
//   refused (untrusted or changed) before the page is loaded;
// - the session pages' browser context is made with ignoreHTTPSErrors, since Chromium would
//   otherwise refuse every self-signed certificate including a pinned one; after each load the
//   certificate Chromium actually saw (response.securityDetails: subject, issuer, validity) is
//   compared with the probed one, so a swap between probe and load is caught unless the new
//   certificate copies all three. Electron's verify proc has no such gap (it sees every
//   connection, the WebSocket included); this check is for tests and the browser preview only.
import { X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate } from 'node:tls';
import {
  certificateDecision,
  certificateFacts,
  hostPortOf,
  type CertificateDecision,
  type CertificateFacts,
  type CertificatePin,
} from '../core/certificate-policy.js';

/** What the server at a URL's host:port presents, and whether the system trusts it. */
export async function probeCertificate(
  url: string,
  timeoutMs = 5_000,
): Promise<{ facts: CertificateFacts; systemTrusted: boolean }> {
  const u = new URL(url);
  const hostPort = hostPortOf(u);
  if (!hostPort) throw new Error('not an https URL');
  const port = Number(u.port || 443);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const once = (verify: boolean) =>
    new Promise<{ raw: Buffer; authorized: boolean }>((resolve, reject) => {
      const socket = connect(
        {
          host,
          port,
          servername: /^[\d.]+$|:/.test(host) ? undefined : host,
          rejectUnauthorized: false,
          timeout: timeoutMs,
        },
        () => {
          const peer = socket.getPeerCertificate(false) as PeerCertificate;
          const authorized = verify && socket.authorized;
          socket.end();
          resolve({ raw: peer.raw, authorized });
        },
      );
      socket.on('timeout', () => socket.destroy(new Error('TLS probe timed out')));
      socket.on('error', reject);
    });
  const { raw, authorized } = await once(true);
  const facts = certificateFacts(new X509Certificate(raw).toString(), hostPort);
  if (!facts) throw new Error('the server presented no readable certificate');
  return { facts, systemTrusted: authorized };
}

/** The core decision for the certificate a session URL's server presents now. */
export async function decideSessionCertificate(
  url: string,
  pins: readonly CertificatePin[],
): Promise<CertificateDecision & { facts?: CertificateFacts }> {
  const { facts, systemTrusted } = await probeCertificate(url);
  const d = certificateDecision({ facts, systemTrusted, pins });
  return d.action === 'accept' ? { ...d, facts } : d;
}

/** Chromium's view of the certificate matches the probed one (subject, issuer, validity). */
export function sameAsProbed(
  details: { subjectName?: string; issuer?: string; validFrom?: number; validTo?: number } | null,
  facts: CertificateFacts,
): boolean {
  if (!details) return false;
  const cn = (dn: string) => /CN=([^,]+)/.exec(dn)?.[1]?.trim();
  const within = (a: number | undefined, iso: string) =>
    a !== undefined && Math.abs(a * 1000 - Date.parse(iso)) < 1_000;
  return (
    details.subjectName === cn(facts.subject) &&
    details.issuer === cn(facts.issuer) &&
    within(details.validFrom, facts.validFrom) &&
    within(details.validTo, facts.validTo)
  );
}
