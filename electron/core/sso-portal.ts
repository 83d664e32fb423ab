// Profiles from a start URL: the accounts and roles of the IAM Identity Center portal
// (@aws-sdk/client-sso ListAccounts, ListAccountRoles) and a writer that appends the chosen ones
// to ~/.aws/config as one [sso-session] and one [profile] per account and role. No SDK package
// writes the config file (the CLI's `aws configure sso` is Python), so the writer is ours: it
// backs the file up, then only appends, so existing comments and formatting stay byte for byte.
import { copyFile, mkdir, readFile, appendFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ListAccountRolesCommand, ListAccountsCommand } from '@aws-sdk/client-sso';
import type { NewSsoProfile, PortalAccount } from '../shared/models.js';
import { LauncherFailure } from './errors.js';
import { scanIni } from './ini-diagnostics.js';
import { ssoPortalClient, type SsoTimeouts } from './sso-clients.js';

/** Most pages of ListAccounts (or of one account's ListAccountRoles) read: 100 accounts a page. */
export const MAX_PORTAL_PAGES = 200;

/**
 * Every page of a portal listing, refusing a repeated token (a loop) or too many pages, as the
 * Lightsail listing does.
 */
async function portalPages<P extends { nextToken?: string | undefined }>(what: string, fetch: (token: string | undefined) => Promise<P>, onPage: (p: P) => void, maxPages = MAX_PORTAL_PAGES): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetch(token);
    onPage(page);
    token = page.nextToken || undefined;
    if (!token) return;
    if (seen.has(token) || pages >= maxPages) {
      throw new LauncherFailure({
        name: 'PaginationLoop',
        kind: 'service',
        message: seen.has(token)
          ? `IAM Identity Center sent the same page of ${what} again after ${pages} pages, so the list would never end`
          : `IAM Identity Center kept sending more pages of ${what} (more than ${maxPages})`,
        nextStep: 'Try again later; if it keeps happening, ask your administrator.',
        retryable: true,
      });
    }
    seen.add(token);
  }
}

/** Every account the token can see, with its roles, sorted by account name. */
export async function listPortalAccounts(accessToken: string, region: string, clientConfig: Record<string, unknown> = {}, timeouts: SsoTimeouts = {}, maxPages = MAX_PORTAL_PAGES): Promise<PortalAccount[]> {
  const client = ssoPortalClient(region, clientConfig, timeouts);
  try {
    const accounts: PortalAccount[] = [];
    await portalPages(
      'accounts',
      (nextToken) => client.send(new ListAccountsCommand({ accessToken, ...(nextToken ? { nextToken } : {}) })),
      (page) => {
        for (const a of page.accountList ?? []) if (a.accountId) accounts.push({ accountId: a.accountId, accountName: a.accountName ?? a.accountId, roles: [] });
      },
      maxPages,
    );
    for (const account of accounts) {
      await portalPages(
        `roles of account ${account.accountId}`,
        (nextToken) => client.send(new ListAccountRolesCommand({ accessToken, accountId: account.accountId, ...(nextToken ? { nextToken } : {}) })),
        (page) => {
          for (const r of page.roleList ?? []) if (r.roleName) account.roles.push(r.roleName);
        },
        maxPages,
      );
    }
    return accounts.sort((a, b) => a.accountName.localeCompare(b.accountName));
  } finally {
    client.destroy();
  }
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';

/** Suggested profile names, one per account × role ("research-lightsailresearcher"), which the user may edit. */
export function suggestProfiles(accounts: PortalAccount[], region?: string): NewSsoProfile[] {
  return accounts.flatMap((a) => a.roles.map((roleName) => ({ name: `${slug(a.accountName)}-${slug(roleName)}`, accountId: a.accountId, roleName, ...(region ? { region } : {}) })));
}

// What the SDK's parser accepts as a section name (ini-diagnostics' PREFIX_KEY), minus quotes.
const NAME = /^[\w\-@+.%:/]+$/;

/** What to append. */
export interface SsoConfigAddition {
  sessionName: string;
  startUrl: string;
  region: string;
  scopes?: string[];
  profiles: NewSsoProfile[];
}

function invalid(message: string): LauncherFailure {
  return new LauncherFailure({ name: 'InvalidProfileName', kind: 'invalid-input', message, nextStep: 'Choose other names, then add the profiles again.', retryable: false });
}

/** Append the session and profiles to the config file after backing it up; answers with the backup path (undefined for a new file). */
export async function appendSsoProfiles(configFile: string, add: SsoConfigAddition, now: number): Promise<{ backup?: string; added: string[] }> {
  let text = '';
  let exists = true;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    exists = false;
  }
  const data = scanIni(text, configFile, 'config').data;
  if (!NAME.test(add.sessionName)) throw invalid(`"${add.sessionName}" cannot be an sso-session name (letters, digits and - _ . @ + % : / only).`);
  const existingSession = data.get(`sso-session.${add.sessionName}`);
  if (existingSession && existingSession.sso_start_url !== add.startUrl) throw invalid(`An sso-session named ${add.sessionName} already exists for another start URL.`);
  const seen = new Set<string>();
  for (const p of add.profiles) {
    if (!NAME.test(p.name)) throw invalid(`"${p.name}" cannot be a profile name (letters, digits and - _ . @ + % : / only).`);
    if (data.has(p.name) || seen.has(p.name)) throw invalid(`A profile named ${p.name} already exists.`);
    if (!/^\d{12}$/.test(p.accountId) || !/^[\w+=,.@-]+$/.test(p.roleName)) throw invalid(`Account ${p.accountId} / role ${p.roleName} is not valid.`);
    seen.add(p.name);
  }
  if (add.profiles.length === 0) throw invalid('Choose at least one account and role.');

  const blocks: string[] = [];
  if (!existingSession) {
    const lines = [`[sso-session ${add.sessionName}]`, `sso_start_url = ${add.startUrl}`, `sso_region = ${add.region}`, `sso_registration_scopes = ${(add.scopes ?? ['sso:account:access']).join(',')}`];
    blocks.push(lines.join('\n'));
  }
  for (const p of add.profiles) {
    const header = p.name === 'default' ? '[default]' : `[profile ${p.name}]`;
    blocks.push([header, `sso_session = ${add.sessionName}`, `sso_account_id = ${p.accountId}`, `sso_role_name = ${p.roleName}`, `region = ${p.region ?? add.region}`].join('\n'));
  }
  let backup: string | undefined;
  if (exists) {
    backup = `${configFile}.bak-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(configFile, backup);
  } else {
    await mkdir(dirname(configFile), { recursive: true, mode: 0o700 });
  }
  const lead = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  await appendFile(configFile, `${lead}${blocks.join('\n\n')}\n`, { mode: exists ? (await stat(configFile)).mode & 0o777 : 0o600 });
  return { ...(backup ? { backup } : {}), added: add.profiles.map((p) => p.name) };
}
