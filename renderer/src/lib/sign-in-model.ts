// Where each IAM Identity Center sign-in shows: on the group of the first profile it serves,
// or above the list when no such group is on screen.
import type { ScopeError, SignInEntry, VirtualComputer } from '../../../electron/shared/models.js';
import type { GroupBy } from './list-model.js';

/** Sign-ins placed on groups and above the list, and the profiles they cover. */
export interface SignInPlacement {
  /** Group key (`profile:<name>`) → the sign-ins shown on that group. */
  byGroup: Record<string, SignInEntry[]>;
  /** Sign-ins with no group of theirs on screen. */
  unplaced: SignInEntry[];
  /** Profiles whose sign-in has a panel: their "run aws sso login" notes are redundant. */
  covered: Set<string>;
}

/** A sign-in needs the user (signed out, about to end, or waiting for approval). */
export function needsUser(e: SignInEntry): boolean {
  return e.status !== 'signed-in';
}

/** Place each sign-in that needs the user once: on the first shown group whose profile it serves. */
export function placeSignIns(
  entries: readonly SignInEntry[],
  groupKeys: readonly string[],
  groupBy: GroupBy,
): SignInPlacement {
  const shown = new Set(groupKeys);
  const out: SignInPlacement = { byGroup: {}, unplaced: [], covered: new Set() };
  for (const e of entries) {
    if (!needsUser(e)) continue;
    for (const p of e.profiles) out.covered.add(p);
    const key =
      groupBy === 'profile' ? e.profiles.map((p) => `profile:${p}`).find((k) => shown.has(k)) : undefined;
    if (key) (out.byGroup[key] ??= []).push(e);
    else out.unplaced.push(e);
  }
  return out;
}

/** A scope's error shows unless a sign-in panel replaces its "run aws sso login" note. */
export function showsError(placement: SignInPlacement, e: ScopeError): boolean {
  return !(e.error.kind === 'sign-in-required' && placement.covered.has(e.profile));
}

/** Where a profile's computers are listed: its own group, another profile's rows, or nowhere yet. */
export function whereListed(
  profile: string,
  computers: readonly VirtualComputer[],
): { own: number; through: { profile: string; count: number }[] } {
  let own = 0;
  const through = new Map<string, number>();
  for (const c of computers) {
    if (c.profile === profile) own++;
    else if (c.reachedThrough?.includes(profile)) through.set(c.profile, (through.get(c.profile) ?? 0) + 1);
  }
  return { own, through: [...through].map(([p, count]) => ({ profile: p, count })) };
}
