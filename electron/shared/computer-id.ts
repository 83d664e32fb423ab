// A computer id names one virtual computer across everything the launcher lists:
// `<profile>/<region>/<name>`. The AWS SDK accepts profile names with `/`, `:`, `%`, spaces and
// of any length, so the profile part percent-encodes every character outside the set ids always
// allowed (`[\w.@+=,-]`): ids made before the encoding (favourites, links) stay valid as they are.
// The one place that knows this format.
import { REGION_PATTERN } from './regions.js';

/** `profile/region/name`, the profile percent-encoded: unique across everything the launcher lists. */
export type ComputerId = string;

/** `\w[\w\-]*\w`: Lightsail's resourceName pattern. */
export const RESOURCE_NAME = /^\w[\w-]*\w$/;

/** Longest id accepted: generous for long profile names, bounded for hostile input. */
export const MAX_COMPUTER_ID_LENGTH = 4096;

/** The three parts of a computer id. */
export interface ComputerRef {
  profile: string;
  region: string;
  name: string;
}

/** Make the id of a computer from its profile, region and name. */
export function makeComputerId(ref: ComputerRef): ComputerId {
  return `${encodeProfile(ref.profile)}/${ref.region}/${ref.name}`;
}

function encodeProfile(profile: string): string {
  return profile.replace(/[^\w.@+=,-]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      // A lone surrogate cannot be encoded; such a name cannot come from a UTF-8 file anyway.
      return '%EF%BF%BD';
    }
  });
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The parts of a computer id, or undefined when it is not one (or names what Lightsail would refuse). */
export function parseComputerId(id: unknown): ComputerRef | undefined {
  if (typeof id !== 'string' || id.length > MAX_COMPUTER_ID_LENGTH) return undefined;
  const parts = id.split('/');
  if (parts.length !== 3) return undefined;
  const [rawProfile, region, name] = parts as [string, string, string];
  const profile = decode(rawProfile);
  if (!profile || !REGION_PATTERN.test(region) || !RESOURCE_NAME.test(name)) return undefined;
  // One spelling per computer: a differently encoded profile part would be a second id for it.
  if (encodeProfile(profile) !== rawProfile) return undefined;
  return { profile, region, name };
}

/** True when id is a well-formed computer id. */
export function isComputerId(id: unknown): id is ComputerId {
  return parseComputerId(id) !== undefined;
}

/** The computer name an id ends in (for titles and notifications), or the id itself. */
export function computerNameOf(id: ComputerId): string {
  return parseComputerId(id)?.name ?? id;
}
