// Profiles from a start URL: the accounts and roles of the IAM Identity Center portal
// (@aws-sdk/client-sso ListAccounts, ListAccountRoles) and suggested profile names for them.
// aws-config-writer.ts writes the chosen ones to ~/.aws/config.
import { paginateListAccountRoles, paginateListAccounts, SSOClient } from '@aws-sdk/client-sso';
import type { NewSsoProfile, PortalAccount } from '../shared/models.js';
import { MAX_CONFIG_NAME } from './aws-config-writer.js';

/** Every account the token can see, with its roles, sorted by account name. */
export async function listPortalAccounts(accessToken: string, region: string, clientConfig: Record<string, unknown> = {}): Promise<PortalAccount[]> {
  const client = new SSOClient({ region, maxAttempts: 3, ...clientConfig });
  try {
    const accounts: PortalAccount[] = [];
    for await (const page of paginateListAccounts({ client }, { accessToken })) {
      for (const a of page.accountList ?? []) if (a.accountId) accounts.push({ accountId: a.accountId, accountName: a.accountName ?? a.accountId, roles: [] });
    }
    for (const account of accounts) {
      for await (const page of paginateListAccountRoles({ client }, { accessToken, accountId: account.accountId })) {
        for (const r of page.roleList ?? []) if (r.roleName) account.roles.push(r.roleName);
      }
    }
    return accounts.sort((a, b) => a.accountName.localeCompare(b.accountName));
  } finally {
    client.destroy();
  }
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';

/**
 * Suggested profile names, one per account × role ("research-lightsailresearcher"), which the user
 * may edit: unique (a second "research-lab" gets "-2"; names already in the files count as taken)
 * and never longer than the writer accepts.
 */
export function suggestProfiles(accounts: PortalAccount[], region?: string, taken: ReadonlySet<string> = new Set()): NewSsoProfile[] {
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
  return accounts.flatMap((a) => a.roles.map((roleName) => ({ name: unique(`${slug(a.accountName)}-${slug(roleName)}`), accountId: a.accountId, roleName, ...(region ? { region } : {}) })));
}
