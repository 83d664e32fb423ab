import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateDecision,
  certificateFacts,
  certificatePromptText,
  clientCertificateServer,
  hostPortOf,
  normaliseFingerprint,
  withPin,
  type CertificateFacts,
} from '../../electron/core/certificate-policy.js';

const HOST = '203.0.113.7:8443';
let first: CertificateFacts;
let second: CertificateFacts;

beforeAll(async () => {
  const a = await generate([{ name: 'commonName', value: '203.0.113.7' }], {
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    keyType: 'ec',
  });
  const b = await generate([{ name: 'commonName', value: '203.0.113.7' }], {
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    keyType: 'ec',
  });
  first = certificateFacts(a.cert, HOST)!;
  second = certificateFacts(b.cert, HOST)!;
});

describe('certificate facts', () => {
  it('shows host:port, SHA-256 fingerprint, subject, issuer and validity of a self-signed certificate', () => {
    expect(first.hostPort).toBe(HOST);
    expect(first.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(first.subject).toBe('CN=203.0.113.7');
    expect(first.issuer).toBe('CN=203.0.113.7');
    expect(first.selfSigned).toBe(true);
    expect(Date.parse(first.validTo) - Date.parse(first.validFrom)).toBeGreaterThan(29 * 86_400_000);
    expect(second.sha256).not.toBe(first.sha256);
  });

  it('refuses what does not parse as a certificate', () => {
    expect(
      certificateFacts('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----', HOST),
    ).toBeUndefined();
  });

  it('keys pins by the exact host and port, default port written out', () => {
    expect(hostPortOf('https://203.0.113.7:8443/?authToken=x#s')).toBe(HOST);
    expect(hostPortOf('https://DCV.example.com/')).toBe('dcv.example.com:443');
    expect(hostPortOf('wss://[2001:db8::1]:8443/ws')).toBe('[2001:db8::1]:8443');
    expect(hostPortOf('http://203.0.113.7:8443/')).toBeUndefined();
    expect(hostPortOf('not a url')).toBeUndefined();
  });

  it('reads fingerprints in any case, with or without colons, and nothing else', () => {
    const bare = first.sha256.replace(/:/g, '').toLowerCase();
    expect(normaliseFingerprint(bare)).toBe(first.sha256);
    expect(normaliseFingerprint('AB:CD')).toBeUndefined();
  });
});

describe('certificate decision', () => {
  it('accepts a publicly trusted certificate without asking, pinned or not', () => {
    expect(certificateDecision({ facts: first, systemTrusted: true, pins: [] })).toEqual({
      action: 'accept',
      why: 'publicly-trusted',
    });
    expect(
      certificateDecision({
        facts: second,
        systemTrusted: true,
        pins: [{ hostPort: HOST, sha256: first.sha256 }],
      }).action,
    ).toBe('accept');
  });

  it('refuses an unverified, unpinned certificate and says what to show', () => {
    const d = certificateDecision({ facts: first, systemTrusted: false, pins: [] });
    expect(d).toMatchObject({ action: 'refuse', why: 'untrusted', facts: first });
    const text = certificatePromptText(d as Extract<typeof d, { action: 'refuse' }>);
    expect(text.message).toContain(HOST);
    expect(text.detail).toContain(first.sha256);
    expect(text.detail).toContain('self-signed');
  });

  it('accepts the pinned certificate on that host:port only', () => {
    const pins = withPin([], first);
    expect(certificateDecision({ facts: first, systemTrusted: false, pins })).toEqual({
      action: 'accept',
      why: 'pinned',
    });
    const elsewhere = { ...first, hostPort: '203.0.113.7:8444' };
    expect(certificateDecision({ facts: elsewhere, systemTrusted: false, pins }).action).toBe('refuse');
  });

  it('refuses a different certificate on a pinned host:port and warns that it changed', () => {
    const pins = withPin([], first);
    const d = certificateDecision({ facts: second, systemTrusted: false, pins });
    expect(d).toMatchObject({ action: 'refuse', why: 'changed', pinned: first.sha256 });
    expect(certificatePromptText(d as Extract<typeof d, { action: 'refuse' }>).message).toMatch(/changed/);
  });

  it('replaces the pin of a host:port rather than keeping two', () => {
    const pins = withPin(withPin([{ hostPort: 'other:8443', sha256: first.sha256 }], first), second);
    expect(pins).toEqual([
      { hostPort: 'other:8443', sha256: first.sha256 },
      { hostPort: HOST, sha256: second.sha256 },
    ]);
  });
});

describe('the server of a client certificate request', () => {
  it.each([
    ['dcv.example.com:8443', 'dcv.example.com:8443'],
    ['DCV.Example.com:8443', 'dcv.example.com:8443'],
    ['[2001:db8::1]:8443', '[2001:db8::1]:8443'],
    ['10.0.0.5:443', '10.0.0.5:443'],
    ['https://dcv.example.com/', 'dcv.example.com:443'],
    ['not a host', undefined],
    ['', undefined],
  ])('%s names %s', (value, named) => {
    expect(clientCertificateServer(value)).toBe(named);
  });
});
