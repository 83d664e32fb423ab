import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from '../../electron/core/redact.js';

describe('redactUrl', () => {
  it('keeps origin and path, drops query, fragment and credentials', () => {
    expect(redactUrl('https://203.0.113.7:8443/dcv/app?authToken=SECRET#sess')).toBe(
      'https://203.0.113.7:8443/dcv/app',
    );
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
    const out = redactSecrets(
      'opening https://10.1.2.3:8443/?authToken=SECRET123#abc and http://127.0.0.1:9/x#tok2.',
    );
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
    expect(
      redactSecrets(
        'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lightsail/aws4_request, Signature=deadbeef',
      ),
    ).not.toMatch(/deadbeef|AKID\/2026/);
  });

  it('masks command-line secrets, spaced or with =, quoted or not', () => {
    for (const [text, secret] of [
      ['aws sso login --token abc123def', 'abc123def'],
      ['tool --password hunter2 --verbose', 'hunter2'],
      ['tool --secret=s3cr3t-value next', 's3cr3t-value'],
      ['cli --token=tok.en-9 --region us-east-1', 'tok.en-9'],
      ['cli --auth-token "two words" done', 'two words'],
      ['aws configure set --aws-secret-access-key wJalrXUtnFEMI', 'wJalrXUtnFEMI'],
    ] as const) {
      const out = redactSecrets(text);
      expect(out, text).not.toContain(secret);
      expect(out, text).toContain('[redacted]');
    }
    expect(redactSecrets('cli --token abc --region us-east-1')).toBe(
      'cli --token [redacted] --region us-east-1',
    );
    expect(redactSecrets('cli --token=abc')).toBe('cli --token=[redacted]');
    // A flag with no value before the next flag keeps the next flag.
    expect(redactSecrets('cli --token --region us-east-1')).toBe('cli --token --region us-east-1');
  });

  it('masks AWS access key ids wherever they appear', () => {
    for (const id of ['AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A']) {
      for (const text of [`key ${id} used`, `"AccessKeyId":"${id}"`, `${id}`, `(${id}).`]) {
        const out = redactSecrets(text);
        expect(out, text).not.toContain(id);
        expect(out, text).toContain('[redacted]');
      }
    }
    // Not an access key id: too short, or part of a longer word.
    expect(redactSecrets('AKIA1234 and XAKIAIOSFODNN7EXAMPLEX')).toBe('AKIA1234 and XAKIAIOSFODNN7EXAMPLEX');
  });

  it('masks a 40-character secret after a key-ish word, even all hex', () => {
    const hex = '0123456789abcdef0123456789abcdef01234567';
    expect(redactSecrets(`secret key: ${hex}`)).not.toContain(hex);
    expect(redactSecrets(`SecretKey -> ${hex}`)).not.toContain(hex);
    expect(redactSecrets(`the secret is ${hex}`)).toBe('the secret is [redacted]');
  });

  it('leaves ordinary log text alone, commit hashes included', () => {
    const text =
      'computer jupyter-1 in us-east-2 is running (commit 5830b8c0a1b2c3d4e5f60718293a4b5c6d7e8f90)';
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets('')).toBe('');
  });

  it('does not double-mask text that is already redacted', () => {
    const once = redactSecrets('token=abc https://x.example/?a=1');
    expect(redactSecrets(once)).toBe(once);
  });
});
