// SigV4 verification: the simulator recomputes each request's signature with the SDK's own
// signer (@smithy/signature-v4) so a client that signs wrongly fails here as it would on AWS.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** The request as it arrived. */
export interface IncomingSigned {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/** Outcome of verification: the caller's key and region, or an AWS-style error. */
export type VerifyResult =
  | { ok: true; accessKeyId: string; region: string; service: string }
  | { ok: false; status: number; type: string; message: string; accessKeyId?: string };

/** AWS's messages, word for word, so clients and users see what they would see there. */
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const UNRECOGNIZED_KEY_MESSAGE = 'The security token included in the request is invalid.';

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60_000;

/** Verifies a SigV4-signed request against the secret of its access key (lookup returns undefined for unknown keys). */
export async function verifySigV4(
  req: IncomingSigned,
  lookupSecret: (accessKeyId: string) => string | undefined,
  opts: { service?: string; now?: number } = {},
): Promise<VerifyResult> {
  const auth = req.headers['authorization'];
  if (!auth)
    return {
      ok: false,
      status: 403,
      type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    };
  const m = AUTH_PATTERN.exec(auth.trim());
  if (!m) {
    return {
      ok: false,
      status: 403,
      type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${auth.split(' ')[0] ?? ''}`,
    };
  }
  const [, accessKeyId, shortDate, region, service, signedHeaderList, signature] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expectedService = opts.service ?? 'lightsail';
  if (service !== expectedService) {
    return {
      ok: false,
      status: 403,
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to correct service: '${expectedService}'. `,
      accessKeyId,
    };
  }
  const secret = lookupSecret(accessKeyId);
  if (secret === undefined)
    return {
      ok: false,
      status: 403,
      type: 'UnrecognizedClientException',
      message: UNRECOGNIZED_KEY_MESSAGE,
      accessKeyId,
    };

  const amzDate = req.headers['x-amz-date'];
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !signingDate)
    return {
      ok: false,
      status: 403,
      type: 'InvalidSignatureException',
      message: SIGNATURE_MISMATCH_MESSAGE,
      accessKeyId,
    };
  if (!amzDate.startsWith(shortDate)) {
    return {
      ok: false,
      status: 403,
      type: 'InvalidSignatureException',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      accessKeyId,
    };
  }
  const now = opts.now ?? Date.now();
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    const fmt = (ms: number) => formatAmzDate(new Date(ms));
    const message =
      signingDate.getTime() < now
        ? `Signature expired: ${amzDate} is now earlier than ${fmt(now - MAX_SKEW_MS)} (${fmt(now)} - 15 min.)`
        : `Signature not yet current: ${amzDate} is still later than ${fmt(now + MAX_SKEW_MS)} (${fmt(now)} + 15 min.)`;
    return { ok: false, status: 403, type: 'InvalidSignatureException', message, accessKeyId };
  }

  const signed = signedHeaderList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined)
      return {
        ok: false,
        status: 403,
        type: 'InvalidSignatureException',
        message: SIGNATURE_MISMATCH_MESSAGE,
        accessKeyId,
      };
    headers[name] = value;
  }
  // The signer trusts a client-supplied payload hash, so check it against the body we got.
  const claimedHash = req.headers['x-amz-content-sha256'];
  if (
    claimedHash !== undefined &&
    claimedHash !== 'UNSIGNED-PAYLOAD' &&
    claimedHash !== createHash('sha256').update(req.body, 'utf8').digest('hex')
  ) {
    return {
      ok: false,
      status: 403,
      type: 'InvalidSignatureException',
      message: SIGNATURE_MISMATCH_MESSAGE,
      accessKeyId,
    };
  }
  const token = req.headers['x-amz-security-token'];
  // applyChecksum off: adding x-amz-content-sha256 here would change the headers the client signed.
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const host = headers['host'] ?? req.headers['host'] ?? '127.0.0.1';
  const resigned = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: host.replace(/:\d+$/, ''),
      path: req.path,
      query: req.query,
      headers,
      body: req.body,
    },
    { signingDate, signableHeaders: new Set(signed), signingRegion: region, signingService: service },
  );
  const expected =
    /Signature=([0-9a-f]{64})/.exec(String(resigned.headers['authorization'] ?? ''))?.[1] ?? '';
  const signedMatch = /SignedHeaders=([^,]+)/.exec(String(resigned.headers['authorization'] ?? ''))?.[1];
  if (signedMatch !== signedHeaderList || !safeEqual(expected, signature)) {
    return {
      ok: false,
      status: 403,
      type: 'InvalidSignatureException',
      message: SIGNATURE_MISMATCH_MESSAGE,
      accessKeyId,
    };
  }
  return { ok: true, accessKeyId, region, service };
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function formatAmzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
