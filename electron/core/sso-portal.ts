// Profiles from a start URL: the accounts and roles of the IAM Identity Center portal
// (@aws-sdk/client-sso ListAccounts, ListAccountRoles) and suggested profile names for them.
// aws-config-writer.ts writes the chosen ones to ~/.aws/config.
import { ListAccountRolesCommand, ListAccountsCommand } from '@aws-sdk/client-sso';
import type { NewSsoProfile, PortalAccount } from '../shared/models.js';
import { MAX_CONFIG_NAME } from './aws-config-writer.js';
import { LauncherFailure, launcherErrors } from './errors.js';
import { ssoPortalClient, type SsoTimeouts } from './sso-clients.js';

/** Most pages of ListAccounts (or of one account's ListAccountRoles) read: 100 accounts a page. */
export const MAX_PORTAL_PAGES = 200;

/**
 * Every page of a portal listing, refusing a repeated token (a loop) or too many pages, as the
 * Lightsail listing does.
 */
async function portalPages<P extends { nextToken?: string | undefined }>(
  what: string,
  fetch: (token: string | undefined) => Promise<P>,
  onPage: (p: P) => void,
  maxPages = MAX_PORTAL_PAGES,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetch(token);
    onPage(page);
    token = page.nextToken || undefined;
    if (!token) return;
    if (seen.has(token) || pages >= maxPages) {
      const next = 'Try again later; if it keeps happening, ask your administrator.';
      throw new LauncherFailure(
        launcherErrors.paginationLoop('IAM Identity Center', what, pages, maxPages, seen.has(token), next),
      );
    }
    seen.add(token);
  }
}

/** Every account the token can see, with its roles, sorted by account name. */
export async function listPortalAccounts(
  accessToken: string,
  region: string,
  clientConfig: Record<string, unknown> = {},
  timeouts: SsoTimeouts = {},
  maxPages = MAX_PORTAL_PAGES,
): Promise<PortalAccount[]> {
  const client = ssoPortalClient(region, clientConfig, timeouts);
  try {
    const accounts: PortalAccount[] = [];
    await portalPages(
      'accounts',
      (nextToken) =>
        client.send(new ListAccountsCommand({ accessToken, ...(nextToken ? { nextToken } : {}) })),
      (page) => {
        for (const a of page.accountList ?? [])
          if (a.accountId)
            accounts.push({ accountId: a.accountId, accountName: a.accountName ?? a.accountId, roles: [] });
      },
      maxPages,
    );
    for (const account of accounts) {
      await portalPages(
        `roles of account ${account.accountId}`,
        (nextToken) =>
          client.send(
            new ListAccountRolesCommand({
              accessToken,
              accountId: account.accountId,
              ...(nextToken ? { nextToken } : {}),
            }),
          ),
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

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'x';

/**
 * Suggested profile names, one per account × role ("research-lightsailresearcher"), which the user
 * may edit: unique (a second "research-lab" gets "-2"; names already in the files count as taken)
 * and never longer than the writer accepts.
 */
export function suggestProfiles(
  accounts: PortalAccount[],
  region?: string,
  taken: ReadonlySet<string> = new Set(),
): NewSsoProfile[] {
  const used = new Set(taken);
  const unique = (base: string) => {
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : `-${n}`;
      const name = `${base.slice(0, MAX_CONFIG_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  return accounts.flatMap((a) =>
    a.roles.map((roleName) => ({
      name: unique(`${slug(a.accountName)}-${slug(roleName)}`),
      accountId: a.accountId,
      roleName,
      ...(region ? { region } : {}),
    })),
  );
}
