import { describe, expect, it } from 'vitest';
import { acceptSessionUrl, isLoopbackHost, sameOrigin } from '../../electron/core/dcv-url.js';
import { LauncherFailure } from '../../electron/core/errors.js';

const strict = { allowLoopbackHttp: false };
const demo = { allowLoopbackHttp: true };

function refusal(raw: string, opts = strict): LauncherFailure {
  try {
    acceptSessionUrl(raw, opts);
  } catch (err) {
    if (err instanceof LauncherFailure) return err;
    throw err;
  }
  throw new Error(`accepted ${raw}`);
}

describe('acceptSessionUrl', () => {
  it('accepts an https DCV URL and keeps its token for the window', () => {
    const url = acceptSessionUrl('https://203.0.113.7:8443/?authToken=abc123#session-1', strict);
    expect(url.origin).toBe('https://203.0.113.7:8443');
    expect(url.searchParams.get('authToken')).toBe('abc123');
  });

  it.each([
    'http://203.0.113.7:8443/?authToken=x',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.com/',
    'blob:https://example.com/uuid',
    'ws://example.com/',
    'about:blank',
    '//example.com/',
    '/relative',
    '',
  ])('refuses %s', (raw) => {
    const err = refusal(raw);
    expect(err.detail.kind).toBe('session-failed');
    expect(err.detail.name).toBe('UnsafeSessionUrl');
  });

  it('refuses credentials in the URL, including the lookalike userinfo trick', () => {
    expect(refusal('https://user:pass@example.com/').detail.message).toMatch(/user name or password/);
    expect(refusal('https://example.com@evil.com/').detail.message).toMatch(/user name or password/);
    expect(refusal('https://@evil.com/').detail.message).toMatch(/user name or password/);
  });

  it('refuses inputs the parser would silently repair', () => {
    refusal('https:evil.com/');
    refusal('https:/evil.com/');
    refusal('https:\\\\evil.com\\');
    refusal(' https://example.com/');
    refusal('https://exa\tmple.com/');
    refusal('https://example.com/\n');
  });

  it('never echoes the token in its message', () => {
    const err = refusal('http://198.51.100.1/?authToken=SECRET-TOKEN-123#frag');
    expect(err.message).not.toContain('SECRET-TOKEN-123');
    expect(JSON.stringify(err.detail)).not.toContain('SECRET-TOKEN-123');
  });

  it('accepts http only on loopback, and only when allowed', () => {
    expect(acceptSessionUrl('http://127.0.0.1:9000/dcv/app?t=1', demo).hostname).toBe('127.0.0.1');
    expect(acceptSessionUrl('http://localhost:9000/', demo).hostname).toBe('localhost');
    expect(acceptSessionUrl('http://[::1]:9000/', demo).hostname).toBe('[::1]');
    refusal('http://127.0.0.1:9000/', strict);
    refusal('http://localhost.evil.com/', demo);
    refusal('http://127.0.0.1.nip.io/', demo);
    refusal('http://10.0.0.1/', demo);
    expect(acceptSessionUrl('https://example.com/', demo).protocol).toBe('https:');
  });

  it('normalises case and IDN hosts to what the browser loads', () => {
    expect(acceptSessionUrl('HTTPS://EXAMPLE.COM:8443/', strict).origin).toBe('https://example.com:8443');
    expect(acceptSessionUrl('https://exаmple.com/', strict).hostname).toBe('xn--exmple-4nf.com');
  });
});

describe('sameOrigin', () => {
  const base = 'https://dcv.example.com:8443/?authToken=abc#s';

  it('matches the same scheme, host and port whatever the path, query or case', () => {
    expect(sameOrigin(base, 'https://dcv.example.com:8443/other/path?x=1')).toBe(true);
    expect(sameOrigin(base, 'HTTPS://DCV.Example.COM:8443/')).toBe(true);
    expect(sameOrigin(new URL(base), new URL('https://dcv.example.com:8443'))).toBe(true);
    expect(sameOrigin('https://example.com/', 'https://example.com:443/')).toBe(true);
  });

  it.each([
    'https://dcv.example.com.evil.com:8443/',
    'https://dcv.example.com:8443.evil.com/',
    'https://evil.com/dcv.example.com:8443/',
    'https://dcv.example.com:8443@evil.com/',
    'https://dcv.example.com:8444/',
    'https://dcv.example.com/',
    'http://dcv.example.com:8443/',
    'https://dcv.example.com.:8443/',
    'https://dcv.exаmple.com:8443/',
    'https://xn--dcv-example.com:8443/',
    'wss://dcv.example.com:8443/',
    'javascript:location="https://dcv.example.com:8443/"',
    'data:text/html,hi',
    'not a url',
  ])('refuses %s', (other) => {
    expect(sameOrigin(base, other)).toBe(false);
  });

  it('never treats two opaque origins as the same', () => {
    expect(sameOrigin('data:text/html,a', 'data:text/html,a')).toBe(false);
    expect(sameOrigin('file:///a', 'file:///a')).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    '127.0.0.1',
    '127.255.1.2',
    'localhost',
    'LOCALHOST',
    'localhost.',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '127.1',
    '0x7f.0.0.1',
    '::ffff:127.0.0.1',
  ])('%s is loopback', (h) => expect(isLoopbackHost(h)).toBe(true));

  it.each([
    '128.0.0.1',
    '10.0.0.1',
    '0.0.0.0',
    'localhost.evil.com',
    'evil-localhost',
    '127.0.0.1.nip.io',
    '::2',
    '::ffff:10.0.0.1',
    'user@127.0.0.1',
    '127.0.0.1/x',
    '',
    'example.com',
  ])('%s is not loopback', (h) => expect(isLoopbackHost(h)).toBe(false));
});
