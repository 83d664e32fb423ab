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

// Command-line forms: `--token X`, `--password=X`, `-p X` is too ambiguous to mask. The value
// is the next word (quoted or not).
const CLI_FLAG =
  /(--(?:[a-z0-9]+-)*(?:token|password|passwd|secret|secret-access-key|session-token|access-key|access-key-id|auth-token|api-key|client-secret|credentials?)(?:-[a-z0-9]+)*)(=|\s+)(?!\[redacted\])(?!--)("[^"]*"|'[^']*'|[^\s"']+)/gi;
// AWS access key ids: AKIA (long-term) and ASIA (temporary) and the other documented prefixes,
// then 16 upper-case letters or digits.
const ACCESS_KEY_ID =
  /(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g;
// A key-ish word followed (within a few characters) by a 40-character secret-key shape, even
// when the separator is not `=` (e.g. `secret key is: X`, `"SecretAccessKey" => "X"`).
const SECRET_AFTER_WORD =
  /((?:secret|key|credential|password)s?)(?![a-z])([^A-Za-z0-9+/=\n]{1,12}(?:is\s*:?\s*)?)[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/gi;

function redactUrlInText(match: string): string {
  // Already redacted (the text went through here before): keep the marker as it is.
  const marker = match.indexOf(`?${MASK}`);
  if (marker >= 0)
    return `${redactUrlInText(match.slice(0, marker)).replace(`?${MASK}`, '')}${match.slice(marker)}`;
  // Trailing punctuation usually ends the sentence, not the URL.
  const trail = /[.,;:!?)\]}]+$/.exec(match)?.[0] ?? '';
  const body = trail ? match.slice(0, -trail.length) : match;
  let u: URL;
  try {
    u = new URL(body);
  } catch {
    return MASK + trail;
  }
  const hidden =
    u.search !== '' ||
    u.hash !== '' ||
    u.username !== '' ||
    u.password !== '' ||
    body.includes('?') ||
    body.includes('#');
  return `${redactUrl(body)}${hidden ? `?${MASK}` : ''}${trail}`;
}

/**
 * Mask secrets in free text: every URL loses credentials, query and fragment; AWS access key
 * ids, secret keys, session tokens, auth tokens, passwords and signatures become [redacted],
 * in assignment (`key=value`, JSON) and command-line (`--token X`, `--token=X`) forms.
 */
export function redactSecrets(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return text;
  return text
    .replace(URL_IN_TEXT, redactUrlInText)
    .replace(CLI_FLAG, (_m, flag: string, sep: string) => `${flag}${sep}${MASK}`)
    .replace(SECRET_ASSIGNMENT, (_m, key: string, sep: string) => `${key}${sep}${MASK}`)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`)
    .replace(SIGV4_PARTS, (_m, part: string) => `${part}=${MASK}`)
    .replace(SESSION_TOKEN, MASK)
    .replace(ACCESS_KEY_ID, MASK)
    .replace(SECRET_AFTER_WORD, (_m, word: string, sep: string) => `${word}${sep}${MASK}`)
    .replace(LONG_BASE64, MASK)
    .replace(SECRET_40, (m) => (/^[0-9a-f]{40}$/i.test(m) ? m : MASK));
}

const ERROR_TEXTS = ['message', 'nextStep', 'failureReason'] as const;

/**
 * A value about to leave main (an IPC result, an event payload) with the text of every error in
 * it redacted: any plain object with string `kind` and `message` (a LauncherError) has its
 * message, next step and failure reason passed through redactSecrets. AWS error text can echo
 * keys, tokens and session URLs, and logs and notifications are not the only way out.
 */
export function redactErrorTexts<T>(value: T, depth = 0): T {
  if (depth > 32 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((x: unknown) => {
      const r = redactErrorTexts(x, depth + 1);
      if (r !== x) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const src = value as Record<string, unknown>;
  const isError = typeof src.kind === 'string' && typeof src.message === 'string';
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(src)) {
    const x = src[key];
    const r =
      isError && (ERROR_TEXTS as readonly string[]).includes(key) && typeof x === 'string'
        ? redactSecrets(x)
        : redactErrorTexts(x, depth + 1);
    if (r !== x) {
      out ??= { ...src };
      out[key] = r;
    }
  }
  return (out ?? value) as T;
}
