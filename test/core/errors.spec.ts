import {
  AccessDeniedException,
  AccountSetupInProgressException,
  InvalidInputException,
  NotFoundException,
  ServiceException,
  UnauthenticatedException,
} from '@aws-sdk/client-lightsail';
import { CredentialsProviderError, TokenProviderError } from '@smithy/core/config';
import { describe, expect, it } from 'vitest';
import {
  cleanMessage,
  LauncherFailure,
  MAX_MESSAGE_CHARS,
  ssoLoginCommand,
  toLauncherError,
} from '../../electron/core/errors.js';
import type { ErrorKind } from '../../electron/shared/models.js';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const ctx = { profile: 'research', region: 'eu-west-2' };

// One realistic error per kind, as the SDK, a provider or Node raises it.
const CASES: Array<[ErrorKind, unknown]> = [
  [
    'access-denied',
    new AccessDeniedException({
      message: 'User is not authorized to perform lightsail:GetInstances',
      ...meta(400),
    }),
  ],
  ['invalid-input', new InvalidInputException({ message: 'The instance name is invalid', ...meta(400) })],
  ['not-found', new NotFoundException({ message: 'The Instance does not exist: ghost', ...meta(400) })],
  ['service', new ServiceException({ message: 'We encountered an internal error', ...meta(500) })],
  ['unauthenticated', new UnauthenticatedException({ message: 'Unauthenticated', ...meta(400) })],
  ['throttled', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', ...meta(400) })],
  ['network', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })],
  [
    'timeout',
    Object.assign(new Error('a request has exceeded the configured 400 ms requestTimeout'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    }),
  ],
  [
    'expired-credentials',
    Object.assign(new Error('The security token included in the request is expired'), {
      name: 'ExpiredTokenException',
      ...meta(400),
    }),
  ],
  [
    'sign-in-required',
    new CredentialsProviderError(
      'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
    ),
  ],
];

describe('toLauncherError', () => {
  it.each(CASES)('maps %s', (kind, err) => {
    const e = toLauncherError(err, ctx);
    expect(e.kind).toBe(kind);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.nextStep.length).toBeGreaterThan(0);
    expect(e).toMatchObject({ profile: 'research', region: 'eu-west-2' });
  });

  it('gives every kind its own message and its own next step', () => {
    const mapped = CASES.map(([, err]) => toLauncherError(err, ctx));
    expect(new Set(mapped.map((e) => e.message)).size).toBe(CASES.length);
    expect(new Set(mapped.map((e) => e.nextStep)).size).toBe(CASES.length);
  });

  it('marks only passing troubles as worth retrying', () => {
    const retryable = CASES.filter(([, err]) => toLauncherError(err, ctx).retryable).map(([k]) => k);
    expect(retryable.sort()).toEqual(['network', 'service', 'throttled', 'timeout']);
  });

  it('sign-in-required names the profile and the command to run', () => {
    const e = toLauncherError(CASES.at(-1)![1], { profile: 'research' });
    expect(e.command).toBe('aws sso login --profile research');
    expect(e.command).toBe(ssoLoginCommand('research'));
    expect(e.message).toMatch(/research/);
    expect(e.nextStep).toContain('aws sso login --profile research');
  });

  it('a missing or unrefreshable SSO token (TokenProviderError) also asks to sign in', () => {
    const e = toLauncherError(
      new TokenProviderError(
        "Value not present for 'clientId' in SSO Token. Cannot refresh. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
      ),
      { profile: 'lab' },
    );
    expect(e).toMatchObject({ kind: 'sign-in-required', command: 'aws sso login --profile lab' });
  });

  it('a provider that cannot reach AWS is a network problem, not a broken profile', () => {
    const e = toLauncherError(new CredentialsProviderError('Error: connect ECONNREFUSED 127.0.0.1:9'), {
      profile: 'lab',
    });
    expect(e).toMatchObject({ kind: 'network', retryable: true });
  });

  it('a profile without usable credentials says how to configure it', () => {
    const e = toLauncherError(
      new CredentialsProviderError(
        'Could not resolve credentials using profile: [lab] in configuration/credentials file(s).',
      ),
      { profile: 'lab' },
    );
    expect(e).toMatchObject({ kind: 'no-credentials' });
    expect(e.nextStep).toContain('aws configure --profile lab');
  });

  it('the signature and unknown-key rejections of AWS are unauthenticated', () => {
    for (const name of ['UnrecognizedClientException', 'InvalidSignatureException']) {
      expect(toLauncherError(Object.assign(new Error('x'), { name }), ctx).kind).toBe('unauthenticated');
    }
  });

  it('a Lightsail account still being set up is a passing service condition', () => {
    const e = toLauncherError(
      new AccountSetupInProgressException({ message: 'setting up', ...meta(400) }),
      ctx,
    );
    expect(e).toMatchObject({ kind: 'service', retryable: true });
  });

  it('an HTTP 5xx without a known name is a service error; anything else is unknown', () => {
    expect(toLauncherError(Object.assign(new Error('bad'), { name: 'Weird', ...meta(502) })).kind).toBe(
      'service',
    );
    expect(toLauncherError('boom').kind).toBe('unknown');
  });

  it('passes a LauncherFailure through unchanged and maps aborts to cancelled', () => {
    const detail = {
      name: 'X',
      kind: 'profile-invalid' as const,
      message: 'm',
      nextStep: 'n',
      retryable: false,
    };
    expect(toLauncherError(new LauncherFailure(detail))).toBe(detail);
    expect(toLauncherError(Object.assign(new Error('aborted'), { name: 'AbortError' })).kind).toBe(
      'cancelled',
    );
  });
});

describe('messages read as one sentence', () => {
  it('does not double the full stop of an AWS message that has its own', () => {
    const err = Object.assign(
      new Error('User is not authorized to perform lightsail:StartInstance on resource.'),
      { name: 'AccessDeniedException' },
    );
    const e = toLauncherError(err, { profile: 'research', region: 'us-east-2' });
    expect(e.message).toBe(
      'Access denied (profile research, us-east-2): User is not authorized to perform lightsail:StartInstance on resource.',
    );
  });
});

describe('messages from the network are bounded and free of SDK internals', () => {
  it('a 5 MB service message becomes at most about 2 KB', () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    for (const name of [
      'AccessDeniedException',
      'InvalidInputException',
      'NotFoundException',
      'SomethingNew',
    ]) {
      const e = toLauncherError(Object.assign(new Error(huge), { name, ...meta(400) }), ctx);
      expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(e.message).toContain('…');
    }
    const long = toLauncherError(Object.assign(new Error('m'), { name: 'N'.repeat(100_000) }));
    expect(long.name.length).toBeLessThanOrEqual(200);
  });

  it('drops the SDK’s “inspect the hidden field {error}.$response” hint and control characters', () => {
    const err = Object.assign(
      new Error(
        'Char 0 in "<html>"\u0007\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      {
        name: 'Weird',
        ...meta(200),
      },
    );
    const e = toLauncherError(err, ctx);
    expect(e.message).not.toMatch(/\$response|hidden field/);
    expect(e.message).not.toContain(String.fromCharCode(7));
    expect(e.kind).toBe('service');
    expect(e.message).toBe('Lightsail sent an answer that could not be read (profile research, eu-west-2).');
  });

  it('an untrusted certificate (a proxy inspecting HTTPS) says to set AWS_CA_BUNDLE', () => {
    const e = toLauncherError(
      Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
      ctx,
    );
    expect(e).toMatchObject({ kind: 'network', retryable: false });
    expect(e.nextStep).toMatch(/AWS_CA_BUNDLE/);
  });

  it('a failureReason is bounded too', () => {
    expect(cleanMessage('a\n\tb  c.'.repeat(1000), 100).length).toBeLessThanOrEqual(100);
  });
});
