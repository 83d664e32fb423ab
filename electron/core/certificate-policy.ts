// The certificate policy of session windows, as ssh does it for host keys. DCV serves a
// self-signed certificate unless an administrator installs another one, and Electron has no
// click-through page, so the launcher decides itself: a certificate the system trusts is
// accepted without a word; an unverified one is refused until the user trusts it, which pins
// that exact SHA-256 fingerprint for that exact host:port; a pinned host:port presenting any
// other unverified certificate is refused with a warning that it changed. Pure: the shell (an
// Electron verify proc) and the browser host (Playwright) both feed it.
import { X509Certificate } from 'node:crypto';

/** A trusted certificate: this fingerprint, for this exact host:port. */
export interface CertificatePin {
  /** `host:port`, lower-case host, IPv6 in brackets, port always written. */
  hostPort: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons. */
  sha256: string;
}

/** What the user is shown about a certificate. */
export interface CertificateFacts {
  hostPort: string;
  sha256: string;
  subject: string;
  issuer: string;
  /** ISO dates. */
  validFrom: string;
  validTo: string;
  /** The certificate signed itself (subject and issuer alike). */
  selfSigned: boolean;
}

/** The decision for one certificate seen on one host:port. */
export type CertificateDecision =
  | { action: 'accept'; why: 'publicly-trusted' | 'pinned' }
  | { action: 'refuse'; why: 'untrusted' | 'changed'; facts: CertificateFacts; pinned?: string };

const FINGERPRINT = /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/;

/** A fingerprint in the one form pins use (accepts lower case and bare hex). */
export function normaliseFingerprint(raw: string): string | undefined {
  const hex = raw.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  const out = hex.match(/../g)!.join(':');
  return FINGERPRINT.test(out) ? out : undefined;
}

/** `host:port` of a URL, as pins are keyed (default ports written out). */
export function hostPortOf(url: string | URL): string | undefined {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'wss:') return undefined;
  return `${u.hostname.toLowerCase()}:${u.port || '443'}`;
}

/** A principal (`CN=x\nO=y`) on one line. */
const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');

/** The facts of a PEM (or DER) certificate; undefined when it does not parse. */
export function certificateFacts(cert: string | Buffer, hostPort: string): CertificateFacts | undefined {
  let x: X509Certificate;
  try {
    x = new X509Certificate(cert);
  } catch {
    return undefined;
  }
  const iso = (s: string) => {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? s : d.toISOString();
  };
  return {
    hostPort,
    sha256: normaliseFingerprint(x.fingerprint256) ?? x.fingerprint256,
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    validFrom: iso(x.validFrom),
    validTo: iso(x.validTo),
    selfSigned: x.subject === x.issuer,
  };
}

/**
 * Decide a certificate. `systemTrusted` is the platform verifier's verdict (Chromium's
 * `verificationResult === 'OK'`); the pin only matters when the system does not vouch for it.
 */
export function certificateDecision(input: {
  facts: CertificateFacts;
  systemTrusted: boolean;
  pins: readonly CertificatePin[];
}): CertificateDecision {
  if (input.systemTrusted) return { action: 'accept', why: 'publicly-trusted' };
  const { facts } = input;
  const pin = input.pins.find((p) => p.hostPort === facts.hostPort);
  if (!pin) return { action: 'refuse', why: 'untrusted', facts };
  if (normaliseFingerprint(pin.sha256) === facts.sha256) return { action: 'accept', why: 'pinned' };
  return { action: 'refuse', why: 'changed', facts, pinned: pin.sha256 };
}

/** The pins after trusting a certificate: this host:port now pins this one fingerprint. */
export function withPin(
  pins: readonly CertificatePin[],
  facts: Pick<CertificateFacts, 'hostPort' | 'sha256'>,
): CertificatePin[] {
  return [
    ...pins.filter((p) => p.hostPort !== facts.hostPort),
    { hostPort: facts.hostPort, sha256: facts.sha256 },
  ];
}

/** The reason a refused certificate gives for a session that did not open (one clause). */
export function certificateRefusalReason(d: Extract<CertificateDecision, { action: 'refuse' }>): string {
  return d.why === 'changed'
    ? `the certificate of ${d.facts.hostPort} changed since you trusted it`
    : `the certificate of ${d.facts.hostPort} is not trusted`;
}

/** Words for the prompt: a title, the details, and whether trusting is the expected answer. */
export function certificatePromptText(d: Extract<CertificateDecision, { action: 'refuse' }>): {
  message: string;
  detail: string;
} {
  const f = d.facts;
  const facts = [
    `Computer: ${f.hostPort}`,
    `SHA-256 fingerprint: ${f.sha256}`,
    `Issued to: ${f.subject}`,
    `Issued by: ${f.issuer}${f.selfSigned ? ' (self-signed)' : ''}`,
    `Valid: ${f.validFrom.slice(0, 10)} to ${f.validTo.slice(0, 10)}`,
  ].join('\n');
  if (d.why === 'changed') {
    return {
      message: `Warning: the certificate of ${f.hostPort} changed`,
      detail:
        `This computer presented a different certificate from the one you trusted (${d.pinned ?? 'unknown'}). ` +
        `Someone may be intercepting the connection, or the computer was recreated or its certificate renewed. ` +
        `The session was not opened.\n\n${facts}`,
    };
  }
  return {
    message: `The certificate of ${f.hostPort} is not verified`,
    detail:
      `Amazon DCV uses a self-signed certificate unless one is installed, so this is expected the first time. ` +
      `Trust it only if this is your computer: the launcher will then accept this certificate, and only this one, for ${f.hostPort}.\n\n${facts}`,
  };
}

/**
 * The server named by Electron's select-client-certificate event: Chromium passes host:port
 * (`[v6]:port` for IPv6), not a URL, which `new URL` reads as a scheme or rejects. undefined
 * when the value is neither.
 */
export function clientCertificateServer(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (v.includes('://')) {
    try {
      const u = new URL(v);
      return u.hostname ? `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}` : undefined;
    } catch {
      return undefined;
    }
  }
  return /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/.test(v) ? v : undefined;
}
