// The simulator's IAM Identity Center driven by the real @aws-sdk/client-sso-oidc and
// @aws-sdk/client-sso, as the AWS CLI drives the real one; role credentials then list computers.
import { GetInstancesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, TEST_ACCOUNT_ID, startSimulator } from '../../electron/simulator/index.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';

let sim: Simulator;
let oidc: SSOOIDCClient;
let sso: SSOClient;

beforeEach(async () => {
  // Time moves only when a test says (sim.clock.advance): "polling again at once" is at once
  // however slow the machine. It starts now, so expirations compare with the real date.
  sim = await startSimulator({ seed: 'demo', clock: createVirtualClock(Date.now()).simulator });
  oidc = new SSOOIDCClient({ endpoint: sim.endpoint, region: 'us-east-1', maxAttempts: 1 });
  sso = new SSOClient({ endpoint: sim.endpoint, region: 'us-east-1', maxAttempts: 1 });
});
afterEach(async () => {
  oidc.destroy();
  sso.destroy();
  await sim.close();
});

async function deviceCode() {
  const reg = await oidc.send(
    new RegisterClientCommand({
      clientName: 'test',
      clientType: 'public',
      scopes: ['sso:account:access'],
      grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    }),
  );
  const dev = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId: reg.clientId!,
      clientSecret: reg.clientSecret!,
      startUrl: `${sim.endpoint}/start`,
    }),
  );
  const create = (extra: Record<string, string> = {}) =>
    oidc.send(
      new CreateTokenCommand({
        clientId: reg.clientId!,
        clientSecret: reg.clientSecret!,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: dev.deviceCode!,
        ...extra,
      }),
    );
  return { reg, dev, create };
}

describe('simulated IAM Identity Center', () => {
  it('answers a pending device code with AuthorizationPendingException, then a token once approved', async () => {
    const { dev, create } = await deviceCode();
    expect(dev.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(dev.verificationUriComplete).toBe(`${sim.endpoint}/start/device?user_code=${dev.userCode}`);
    await expect(create()).rejects.toMatchObject({ name: 'AuthorizationPendingException' });
    // Polling again at once is too fast.
    await expect(create()).rejects.toMatchObject({ name: 'SlowDownException' });
    expect(sim.sso.approve(dev.userCode)).toBe(1);
    const tok = await create();
    expect(tok.accessToken).toBeTruthy();
    expect(tok.refreshToken).toBeTruthy();
    expect(tok.expiresIn).toBe(3600);
    // A device code is good for one token only.
    await expect(create()).rejects.toMatchObject({ name: 'InvalidGrantException' });
  });

  it('refuses a denied code and an expired one with the real exception names', async () => {
    const a = await deviceCode();
    sim.sso.deny(a.dev.userCode);
    await expect(a.create()).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const b = await deviceCode();
    sim.clock.advance(601_000);
    await expect(b.create()).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });

  it('serves the approval page, whose Approve button approves the code', async () => {
    const { dev, create } = await deviceCode();
    const page = await (await fetch(dev.verificationUriComplete!)).text();
    expect(page).toContain('Approve');
    expect(page).toContain(dev.userCode);
    const res = await fetch(`${sim.endpoint}/start/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `user_code=${dev.userCode}&decision=approve`,
    });
    expect(await res.text()).toContain('data-decision="approved"');
    await expect(create()).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refreshes with the refresh_token grant, lists accounts and roles, and issues role credentials Lightsail accepts', async () => {
    const { reg, dev, create } = await deviceCode();
    sim.sso.approve(dev.userCode);
    const first = await create();
    const refreshed = await oidc.send(
      new CreateTokenCommand({
        clientId: reg.clientId!,
        clientSecret: reg.clientSecret!,
        grantType: 'refresh_token',
        refreshToken: first.refreshToken!,
      }),
    );
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    const accessToken = refreshed.accessToken!;

    const accounts = await sso.send(new ListAccountsCommand({ accessToken }));
    expect(accounts.accountList?.map((a) => a.accountId)).toEqual([TEST_ACCOUNT_ID]);
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: TEST_ACCOUNT_ID }));
    expect(roles.roleList?.map((r) => r.roleName)).toEqual(['LightsailResearcher', 'ReadOnly']);
    const { roleCredentials: rc } = await sso.send(
      new GetRoleCredentialsCommand({
        accessToken,
        accountId: TEST_ACCOUNT_ID,
        roleName: 'LightsailResearcher',
      }),
    );
    expect(rc?.expiration).toBeGreaterThan(Date.now());

    const ls = new LightsailClient({
      endpoint: sim.endpoint,
      region: 'us-east-2',
      maxAttempts: 1,
      credentials: {
        accessKeyId: rc!.accessKeyId!,
        secretAccessKey: rc!.secretAccessKey!,
        sessionToken: rc!.sessionToken!,
      },
    });
    const out = await ls.send(new GetInstancesCommand({}));
    ls.destroy();
    expect(out.instances?.length).toBeGreaterThan(0);

    await sso.send(new LogoutCommand({ accessToken }));
    await expect(sso.send(new ListAccountsCommand({ accessToken }))).rejects.toMatchObject({
      name: 'UnauthorizedException',
    });
  });
});

describe('grant types of a client registration', () => {
  it('refuses the device grant to a client registered for PKCE only, as AWS CLI 2.22+ registers it', async () => {
    const pkce = await oidc.send(
      new RegisterClientCommand({
        clientName: 'botocore-client-pkce',
        clientType: 'public',
        scopes: ['sso:account:access'],
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: `${sim.endpoint}/start`,
      }),
    );
    await expect(
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: pkce.clientId!,
          clientSecret: pkce.clientSecret!,
          startUrl: `${sim.endpoint}/start`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnauthorizedClientException' });
    // A client registered for the device grant (or naming no grants, the older form) may use it.
    const { dev } = await deviceCode();
    expect(dev.deviceCode).toBeTruthy();
    const legacy = await oidc.send(new RegisterClientCommand({ clientName: 'old', clientType: 'public' }));
    await expect(
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: legacy.clientId!,
          clientSecret: legacy.clientSecret!,
          startUrl: `${sim.endpoint}/start`,
        }),
      ),
    ).resolves.toMatchObject({ userCode: expect.any(String) });
  });

  it('refuses the refresh grant to a client registered for the device grant only', async () => {
    const reg = await oidc.send(
      new RegisterClientCommand({
        clientName: 'device-only',
        clientType: 'public',
        grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
      }),
    );
    await expect(
      oidc.send(
        new CreateTokenCommand({
          clientId: reg.clientId!,
          clientSecret: reg.clientSecret!,
          grantType: 'refresh_token',
          refreshToken: 'x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnauthorizedClientException' });
  });
});
