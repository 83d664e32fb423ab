import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_MISMATCH_MESSAGE,
  type IncomingSigned,
  verifySigV4,
} from '../../electron/simulator/sigv4.js';

const KEY = 'AKIDLFRSIMULATOR';
const SECRET = 'lfr-simulator-secret';
const lookup = (k: string) => (k === KEY ? SECRET : undefined);

async function signed(
  opts: {
    region?: string;
    service?: string;
    secret?: string;
    key?: string;
    date?: Date;
    body?: string;
    payloadHeader?: boolean;
  } = {},
): Promise<IncomingSigned> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: opts.key ?? KEY, secretAccessKey: opts.secret ?? SECRET },
    region: opts.region ?? 'eu-west-2',
    service: opts.service ?? 'lightsail',
    sha256: Sha256,
    applyChecksum: opts.payloadHeader ?? true,
  });
  const body = opts.body ?? '{"instanceName":"nb-1"}';
  const req = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4568,
      path: '/',
      query: {},
      headers: {
        host: '127.0.0.1:4568',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Lightsail_20161128.GetInstance',
      },
      body,
    },
    { signingDate: opts.date ?? new Date() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
  return { method: 'POST', path: '/', query: {}, headers, body };
}

describe('verifySigV4', () => {
  it('accepts a correctly signed request and reports its key and region', async () => {
    const result = await verifySigV4(await signed({ region: 'ap-northeast-1' }), lookup);
    expect(result).toEqual({ ok: true, accessKeyId: KEY, region: 'ap-northeast-1', service: 'lightsail' });
  });

  it('rejects a request signed with the wrong secret as InvalidSignatureException 403', async () => {
    const result = await verifySigV4(await signed({ secret: 'not-the-secret' }), lookup);
    expect(result).toMatchObject({
      ok: false,
      status: 403,
      type: 'InvalidSignatureException',
      message: SIGNATURE_MISMATCH_MESSAGE,
    });
  });

  it('rejects a body changed after signing, with or without an x-amz-content-sha256 header', async () => {
    for (const payloadHeader of [true, false]) {
      const req = await signed({ payloadHeader });
      expect('x-amz-content-sha256' in req.headers).toBe(payloadHeader);
      expect(await verifySigV4(req, lookup)).toMatchObject({ ok: true });
      const result = await verifySigV4({ ...req, body: '{"instanceName":"nb-2"}' }, lookup);
      expect(result).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    }
  });

  it('rejects a signed header changed after signing', async () => {
    const req = await signed();
    const result = await verifySigV4(
      { ...req, headers: { ...req.headers, 'x-amz-target': 'Lightsail_20161128.StopInstance' } },
      lookup,
    );
    expect(result).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
  });

  it('rejects an unknown access key as UnrecognizedClientException 403', async () => {
    const result = await verifySigV4(await signed({ key: 'AKIDSOMEONEELSE00' }), lookup);
    expect(result).toMatchObject({
      ok: false,
      status: 403,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('rejects a missing Authorization header', async () => {
    const req = await signed();
    const headers = { ...req.headers };
    delete headers['authorization'];
    expect(await verifySigV4({ ...req, headers }, lookup)).toMatchObject({
      ok: false,
      type: 'MissingAuthenticationTokenException',
    });
  });

  it('rejects a signature older than 15 minutes', async () => {
    const result = await verifySigV4(await signed({ date: new Date(Date.now() - 20 * 60_000) }), lookup);
    expect(result).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    expect(!result.ok && result.message).toMatch(/^Signature expired/);
  });

  it('rejects a signature scoped to another service', async () => {
    const result = await verifySigV4(await signed({ service: 'ec2' }), lookup);
    expect(result).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    expect(!result.ok && result.message).toMatch(/lightsail/);
  });
});
