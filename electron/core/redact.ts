// Redaction for anything that may reach a log, an error message or a crash report. DCV
// session URLs carry a sign-in token (query or fragment), and AWS errors or debug output can
// echo keys and session tokens; none of it may be written anywhere. No library does this for
// our token shapes, so the patterns are ours; they err on the side of masking too much.

const MASK = '[redacted]';

// A path segment that looks like a token rather than a name (long run of token characters).
const TOKEN_SEGMENT = /^[A-Za-z0-9+/=_.~-]{24,}$/;

/** A URL reduced to what is safe to log: origin and path, no credentials, query or fragment. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return MASK;
  }
  if (u.origin === 'null') {
    // data:, javascript:, file: and friends: the whole body may be the secret.
    return `${u.protocol}${MASK}`;
  }
  const path = u.pathname
    .split('/')
    .map((seg) => (TOKEN_SEGMENT.test(seg) ? MASK : seg))
    .join('/');
  return `${u.origin}${path === '/' ? '' : path}`;
}

// Any absolute URL in free text, up to whitespace, quotes or angle brackets.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

// key=value / "key": "value" / key: value, for names whose values are secrets.
const SECRET_ASSIGNMENT =
  /\b((?:aws_)?secret_?access_?key|(?:aws_)?session_?token|(?:aws_)?security_?token|x-amz-security-token|x-amz-signature|x-amz-credential|auth_?token|access_?token|refresh_?token|id_?token|client_?secret|password|passwd|secret|token|signature)(["']?\s*[:=]\s*["']?)(?!\[redacted\])([^\s"'&,;}\])]+)/gi;

// Authorization headers: "Bearer xyz", SigV4 "Credential=... Signature=...".
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9+/=._~-]{8,}/g;
const SIGV4_PARTS = /\b(Credential|Signature)=[^\s,]+/g;

// STS session tokens are long base64 blobs; these prefixes are what AWS issues today.
const SESSION_TOKEN = /(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdz|AgoJb3JpZ2lu)[A-Za-z0-9+/=]{20,}/g;
// Any other very long base64 run is masked too: nothing we log legitimately looks like that.
const LONG_BASE64 = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{100,}={0,2}(?![A-Za-z0-9+/=])/g;
// 40-character base64 values (the shape of an AWS secret access key). Pure hex of that length
// is a git commit or a SHA-1, not a secret, so it is left alone.
const SECRET_40 = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;

function redactUrlInText(match: string): string {
  // Already redacted (the text went through here before): keep the marker as it is.
  const marker = match.indexOf(`?${MASK}`);
  if (marker >= 0) return `${redactUrlInText(match.slice(0, marker)).replace(`?${MASK}`, '')}${match.slice(marker)}`;
  // Trailing punctuation usually ends the sentence, not the URL.
  const trail = /[.,;:!?)\]}]+$/.exec(match)?.[0] ?? '';
  const body = trail ? match.slice(0, -trail.length) : match;
  let u: URL;
  try {
    u = new URL(body);
  } catch {
    return MASK + trail;
  }
  const hidden = u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '' || body.includes('?') || body.includes('#');
  return `${redactUrl(body)}${hidden ? `?${MASK}` : ''}${trail}`;
}

/**
 * Mask secrets in free text: every URL loses credentials, query and fragment; AWS secret keys,
 * session tokens, auth tokens, passwords and signatures become [redacted].
 */
export function redactSecrets(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return text;
  return text
    .replace(URL_IN_TEXT, redactUrlInText)
    .replace(SECRET_ASSIGNMENT, (_m, key: string, sep: string) => `${key}${sep}${MASK}`)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`)
    .replace(SIGV4_PARTS, (_m, part: string) => `${part}=${MASK}`)
    .replace(SESSION_TOKEN, MASK)
    .replace(LONG_BASE64, MASK)
    .replace(SECRET_40, (m) => (/^[0-9a-f]{40}$/i.test(m) ? m : MASK));
}
