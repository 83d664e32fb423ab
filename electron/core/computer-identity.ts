// One computer, one row. A computer's identity is its ARN: reached through several profiles (a
// role and its source profile, two Identity Center roles), it is listed once, under the id of
// the first profile (in the order the profiles are listed) that reaches it, with the other
// profiles' ids kept as aliases so favourites, placements and links made through them still
// work. Which profile does the work is the user's pick, else the one that last worked, else the
// first.
import { parseComputerId } from '../shared/computer-id.js';
import type { ComputerId, VirtualComputer } from '../shared/models.js';

/** Which profile to use for a computer reached through several. */
export interface ProfileChoice {
  /** The user's pick, by ARN. */
  picked: Readonly<Record<string, string>>;
  /** The profile that last succeeded at a write action, by ARN. */
  lastGood: ReadonlyMap<string, string>;
}

/** Merge the computers that share an ARN into one row each, in the order first seen. */
export function oneRowPerComputer(
  computers: readonly VirtualComputer[],
  profileOrder: readonly string[],
  choice: ProfileChoice,
): VirtualComputer[] {
  const rank = new Map(profileOrder.map((p, i) => [p, i]));
  const groups = new Map<string, VirtualComputer[]>();
  const out: (VirtualComputer | string)[] = [];
  for (const c of computers) {
    if (!c.arn) {
      out.push(c);
      continue;
    }
    const g = groups.get(c.arn);
    if (g) g.push(c);
    else {
      groups.set(c.arn, [c]);
      out.push(c.arn);
    }
  }
  return out.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const group = [...groups.get(entry)!].sort(
      (a, b) => (rank.get(a.profile) ?? Infinity) - (rank.get(b.profile) ?? Infinity),
    );
    const profiles = group.map((c) => c.profile);
    const first = group[0]!;
    if (group.length === 1) return first;
    const wanted =
      [choice.picked[entry], choice.lastGood.get(entry)].find(
        (p) => p !== undefined && profiles.includes(p),
      ) ?? first.profile;
    const used = group.find((c) => c.profile === wanted)!;
    return { ...used, id: first.id, reachedThrough: profiles, aliases: group.slice(1).map((c) => c.id) };
  });
}

/** The account an ARN names (`arn:aws:lightsail:<region>:<account>:…`), or undefined. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return /^arn:[\w-]+:lightsail:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1];
}

/** The account a profile reaches, as the listed computers through it show it. */
function listedAccount(computers: readonly VirtualComputer[], profile: string): string | undefined {
  for (const c of computers)
    if (c.profile === profile || c.reachedThrough?.includes(profile)) return accountOfArn(c.arn) ?? undefined;
  return undefined;
}

/**
 * The listed computer an id names: its own id, one of its aliases, or (for an id whose profile
 * no longer reaches it) the one computer of that account, region and name. The account is the
 * named profile's (accountOf, else what its listed computers show): a name alone never crosses
 * accounts, and a profile whose account cannot be told finds nothing.
 */
export function findComputer(
  computers: readonly VirtualComputer[],
  id: ComputerId,
  accountOf: (profile: string) => string | undefined = () => undefined,
): VirtualComputer | undefined {
  const exact = computers.find((c) => c.id === id) ?? computers.find((c) => c.aliases?.includes(id));
  if (exact) return exact;
  const ref = parseComputerId(id);
  if (!ref) return undefined;
  const account = accountOf(ref.profile) ?? listedAccount(computers, ref.profile);
  if (account === undefined) return undefined;
  const same = computers.filter(
    (c) => c.region === ref.region && c.name === ref.name && accountOfArn(c.arn) === account,
  );
  return same.length === 1 ? same[0] : undefined;
}

/**
 * The other profiles that reach the account `profile` reaches, as the listed computers show it
 * (a row reached through several profiles names them all), in the order first seen.
 */
export function profilesOfSameAccount(computers: readonly VirtualComputer[], profile: string): string[] {
  const account = listedAccount(computers, profile);
  if (account === undefined) return [];
  const out: string[] = [];
  for (const c of computers) {
    if (accountOfArn(c.arn) !== account) continue;
    for (const p of c.reachedThrough ?? [c.profile]) if (p !== profile && !out.includes(p)) out.push(p);
  }
  return out;
}
