// The settings: one schema, from which the Settings type, the defaults, the IPC patch schema and
// the store's validation are all derived, so a setting is added in one place.
import * as v from 'valibot';
import { isComputerId } from './computer-id.js';
import { REGION_PATTERN } from './regions.js';

const ComputerIdEntry = v.pipe(
  v.string(),
  v.check((id: string) => isComputerId(id), 'Not a computer id (profile/region/name).'),
);

/** Where a session opens. */
export const OpenTargetSchema = v.picklist(['window', 'client', 'browser']);

/** Where a session opens: a launcher window, the DCV client or the system browser. */
export type OpenTarget = v.InferOutput<typeof OpenTargetSchema>;

/** Every setting, with its default. */
export const SettingsSchema = v.object({
  /** Regions to scan; empty means every Lightsail for Research region. */
  regions: v.optional(v.array(v.pipe(v.string(), v.regex(REGION_PATTERN))), []),
  hiddenProfiles: v.optional(v.array(v.pipe(v.string(), v.maxLength(1024))), []),
  favourites: v.optional(v.array(ComputerIdEntry), []),
  startAtLogin: v.optional(v.boolean(), false),
  closeToTray: v.optional(v.boolean(), true),
  /** Start a stopped computer without asking when a session is opened. */
  autoStartComputers: v.optional(v.boolean(), false),
  /** Global shortcut to bring the last session window to front, or '' for none. */
  globalShortcut: v.optional(v.pipe(v.string(), v.maxLength(64)), ''),
  groupBy: v.optional(v.picklist(['profile', 'region', 'none']), 'profile'),
  /** The profile the user picked for a computer reached through several, by the computer's ARN. */
  computerProfiles: v.optional(
    v.record(v.pipe(v.string(), v.maxLength(2048)), v.pipe(v.string(), v.maxLength(1024))),
    {},
  ),
  /** Where each kind of session opens by default: a launcher window, the DCV client or the system browser. */
  openWith: v.optional(v.object({ app: OpenTargetSchema, desktop: OpenTargetSchema }), {
    app: 'window',
    desktop: 'window',
  }),
  /** Session certificates the user trusted: one SHA-256 fingerprint per exact host:port (as ssh's known_hosts). */
  certificatePins: v.optional(
    v.array(
      v.object({
        hostPort: v.pipe(v.string(), v.maxLength(300), v.regex(/^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+):\d{1,5}$/)),
        sha256: v.pipe(v.string(), v.regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/)),
      }),
    ),
    [],
  ),
  /** Microphone and webcam for a computer's sessions: the user's answer, asked once per computer (delete to ask again). */
  mediaGrants: v.optional(v.record(ComputerIdEntry, v.boolean()), {}),
  /** Resume GUI sessions before their hour runs out while their windows are open. */
  keepSessionsAlive: v.optional(v.boolean(), true),
  /** Stop session / Stop computer warn that unsaved work is lost (cleared by "Don't ask again"). */
  warnBeforeStop: v.optional(v.boolean(), true),
  /** Monthly budget in USD per profile name; the group is marked and a notification sent when passed. */
  budgets: v.optional(
    v.record(v.pipe(v.string(), v.maxLength(1024)), v.pipe(v.number(), v.minValue(0), v.finite())),
    {},
  ),
  /** Computers whose GUI session is prepared in the background while they run, so Open is instant. */
  warmStart: v.optional(v.array(ComputerIdEntry), []),
});

/** User settings (persisted by the shell). */
export type Settings = v.InferOutput<typeof SettingsSchema>;

/** The keys of Settings. */
export type SettingKey = keyof Settings;

/** Default settings. */
export const DEFAULT_SETTINGS: Settings = v.parse(SettingsSchema, {});

/** A change to some settings, as settings:update takes it: known keys only. */
export const SettingsPatchSchema = v.strictObject(
  Object.fromEntries(
    Object.entries(SettingsSchema.entries).map(([k, s]) => [
      k,
      v.optional((s as unknown as { wrapped: v.GenericSchema }).wrapped),
    ]),
  ) as { [K in SettingKey]: v.OptionalSchema<(typeof SettingsSchema.entries)[K]['wrapped'], undefined> },
);

/** A setting's value with its invalid entries dropped one by one (lists and maps), and what was dropped. */
export function settingEntries<K extends SettingKey>(
  key: K,
  value: unknown,
): { value: Settings[K]; dropped: string[] } | undefined {
  const schema = SettingsSchema.entries[key].wrapped as unknown as {
    type: string;
    item?: v.GenericSchema;
    key?: v.GenericSchema;
    value?: v.GenericSchema;
  };
  const shown = (x: unknown) => {
    const s = typeof x === 'string' ? x : (JSON.stringify(x) ?? String(x));
    return s.length > 80 ? `${s.slice(0, 80)}…` : s;
  };
  if (schema.type === 'array' && schema.item && Array.isArray(value)) {
    const kept: unknown[] = [];
    const dropped: string[] = [];
    for (const entry of value) {
      const r = v.safeParse(schema.item, entry);
      if (r.success) kept.push(r.output);
      else dropped.push(shown(entry));
    }
    const whole = validSetting(key, kept);
    return whole === undefined ? undefined : { value: whole, dropped };
  }
  if (
    schema.type === 'record' &&
    schema.key &&
    schema.value &&
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value)
  ) {
    const kept: Record<string, unknown> = {};
    const dropped: string[] = [];
    for (const [k, x] of Object.entries(value)) {
      if (v.safeParse(schema.key, k).success && v.safeParse(schema.value, x).success)
        Object.defineProperty(kept, k, { value: x, enumerable: true, writable: true, configurable: true });
      else dropped.push(shown(k));
    }
    const whole = validSetting(key, kept);
    return whole === undefined ? undefined : { value: whole, dropped };
  }
  return undefined;
}

/** The valid value of one setting, or undefined when value is not one. */
export function validSetting<K extends SettingKey>(key: K, value: unknown): Settings[K] | undefined {
  const schema = SettingsSchema.entries[key].wrapped as unknown as v.GenericSchema<unknown, Settings[K]>;
  const r = v.safeParse(schema, value);
  return r.success ? r.output : undefined;
}
