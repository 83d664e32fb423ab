import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from '../../electron/core/redact.js';

describe('redactUrl', () => {
  it('keeps origin and path, drops query, fragment and credentials', () => {
    expect(redactUrl('https://203.0.113.7:8443/dcv/app?authToken=SECRET#sess')).toBe('https://203.0.113.7:8443/dcv/app');
    expect(redactUrl('https://user:pw@example.com/x?y=1')).toBe('https://example.com/x');
    expect(redactUrl('https://example.com/?authToken=SECRET')).toBe('https://example.com');
  });

  it('masks token-like path segments', () => {
    const out = redactUrl('https://example.com/s/eyJhbGciOiJIUzI1NiJ9abcdefghijkl/view');
    expect(out).toBe('https://example.com/s/[redacted]/view');
  });

  it('reveals nothing of opaque or unparsable URLs', () => {
    expect(redactUrl('data:text/html,secret-body')).toBe('data:[redacted]');
    expect(redactUrl('not a url with secret')).toBe('[redacted]');
  });
});

describe('redactSecrets', () => {
  it('cuts query and fragment off every URL in text, and says so', () => {
    const out = redactSecrets('opening https://10.1.2.3:8443/?authToken=SECRET123#abc and http://127.0.0.1:9/x#tok2.');
    expect(out).not.toContain('SECRET123');
    expect(out).not.toContain('tok2');
    expect(out).toBe('opening https://10.1.2.3:8443?[redacted] and http://127.0.0.1:9/x?[redacted].');
  });

  it('masks AWS keys in ini, env and JSON shapes', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const text of [
      `aws_secret_access_key = ${secret}`,
      `AWS_SECRET_ACCESS_KEY=${secret}`,
      `{"secretAccessKey":"${secret}"}`,
      `secret key ${secret} leaked`,
    ]) {
      const out = redactSecrets(text);
      expect(out, text).not.toContain(secret);
      expect(out, text).toContain('[redacted]');
    }
  });

  it('masks session and auth tokens', () => {
    const sts = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD' + 'a'.repeat(40);
    expect(redactSecrets(`aws_session_token=${sts}`)).toBe('aws_session_token=[redacted]');
    expect(redactSecrets(`token in text ${sts} end`)).not.toContain('IQoJb3JpZ2lu');
    expect(redactSecrets('authToken=abc.def-123 next')).toBe('authToken=[redacted] next');
    expect(redactSecrets('"sessionToken": "xyz987"')).toBe('"sessionToken": "[redacted]"');
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lightsail/aws4_request, Signature=deadbeef')).not.toMatch(/deadbeef|AKID\/2026/);
  });

  it('leaves ordinary log text alone, commit hashes included', () => {
    const text = 'computer jupyter-1 in us-east-2 is running (commit 5830b8c0a1b2c3d4e5f60718293a4b5c6d7e8f90)';
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets('')).toBe('');
  });

  it('does not double-mask text that is already redacted', () => {
    const once = redactSecrets('token=abc https://x.example/?a=1');
    expect(redactSecrets(once)).toBe(once);
  });
});
