// A diagnostic pass over the raw text of the shared config and credentials files.
//
// Hand-written on purpose: the AWS SDK's INI parser (@smithy/shared-ini-file-loader, parseIni)
// silently skips every line it does not understand and offers no line numbers, and when a
// file contains a section named exactly `[__proto__]` or `[profile __proto__]` it throws and
// loadSharedConfigFiles swallows the error, so the WHOLE file reads as empty (verified in
// test/core/ini-diagnostics.spec.ts against the installed loader). No library reports what
// the SDK skipped, so this module walks the file line by line with the SDK's own rules
// (comment stripping, section regex, `key =` sub-sections) and says, for each line it skips
// or that the AWS CLI would read differently, which file, which line and why.
//
// It also rebuilds what the SDK would have returned for the file (same key/value map), so a
// file the SDK rejects because of one `__proto__` section still lists its other profiles.
//
// Where this app (AWS SDK for JavaScript) and the AWS CLI (botocore on Python's configparser,
// strict mode, no inline comments) disagree, the SDK's reading wins here (it is what the app
// uses) and the difference is reported as a warning, because the user still runs
// `aws sso login` with the CLI:
// - duplicate sections / keys: the SDK merges (later value wins); configparser raises
//   DuplicateSectionError / DuplicateOptionError and the CLI refuses the whole file;
// - ` # text` after a value: the SDK drops it as a comment, the CLI keeps it in the value;
// - an indented line that is not under a `key =` block: the CLI reads it as a continuation of
//   the previous value, the SDK as a key of its own;
// - a UTF-8 BOM: the SDK's trim() removes it, the CLI reports "File contains no section headers";
// - `key: value`: the CLI accepts ':' as a delimiter, the SDK skips the line.
import type { ProfileDiagnostic } from '../shared/models.js';

/** Which of the two shared files a text came from: they name sections differently. */
export type IniFileKind = 'config' | 'credentials';

/** What a diagnostic is about, so it can be shown on the right profile. */
export interface DiagnosticTarget {
  type: 'profile' | 'sso-session' | 'services';
  name: string;
}

/** One finding; `target` is absent for file-level findings (BOM, lines before any section). */
export interface IniDiagnostic extends ProfileDiagnostic {
  target?: DiagnosticTarget;
}

/** The result of scanning one file. */
export interface IniScan {
  file: string;
  kind: IniFileKind;
  diagnostics: IniDiagnostic[];
  /** True when the SDK's parser throws on this file (a `__proto__` section) and so reads none of it. */
  sdkRejectsFile: boolean;
  /** True when the file has sections the SDK must not see (see unsafeSection): give it sanitizeForSdk(text). */
  needsSanitizing: boolean;
  /**
   * What loadSharedConfigFiles returns for this file (config: after its `[profile x]` -> `x`
   * mapping, keeping `sso-session.x` / `services.x` keys), with rejected sections left out.
   */
  data: Map<string, Record<string, string>>;
  /** Profiles whose section the SDK ignores (wrong header form, bad name): listed as broken. */
  ignoredProfiles: string[];
  /** Every profile with a section header the SDK accepts, even when no key under it survived. */
  profiles: string[];
  /** Line of the last assignment of each key, by profile name then key. */
  keyLines: Map<string, Map<string, number>>;
}

// Copied from @smithy/core/config parseIni: the section name pattern and the names that make
// it throw. Kept identical so our reading matches the SDK's.
const PREFIX_KEY = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;
const BLOCKED = new Set(['__proto__', 'profile __proto__']);
// The SDK parses into plain objects: a section named after a property every object inherits
// (`[constructor]`, `[profile toString]`…) makes it write into that inherited value, e.g.
// `[constructor]` + `entries = 1` replaces the global Object.entries. Such sections never reach it.
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * What a section header names when that is an Object.prototype name (`[constructor]`,
 * `[profile toString]`, `[sso-session hasOwnProperty]`, `[__proto__]`), else undefined.
 */
export function unsafeSection(header: string): DiagnosticTarget | undefined {
  if (PROTOTYPE_NAMES.has(header)) return { type: 'profile', name: header };
  const match = PREFIX_KEY.exec(header);
  const prefix = match?.[1] ?? '';
  const name = match?.[3] ?? '';
  if (!match || !SECTION_TYPES.has(prefix) || !PROTOTYPE_NAMES.has(name)) return undefined;
  return { type: prefix as DiagnosticTarget['type'], name };
}
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);
const COMMENT = /(^|\s)[;#]/;

interface Section {
  /** The key the SDK stores the section under (e.g. `profile.x`, `default`, `my-creds`). */
  sdkKey: string;
  target?: DiagnosticTarget;
  line: number;
  /** Keys seen in this occurrence of the section, for duplicate-key warnings. */
  keysSeen: Map<string, number>;
}

function targetFor(sdkKey: string, kind: IniFileKind): DiagnosticTarget | undefined {
  const dot = sdkKey.indexOf('.');
  if (kind === 'config') {
    if (sdkKey === 'default') return { type: 'profile', name: 'default' };
    if (dot === -1) return undefined;
    const prefix = sdkKey.slice(0, dot);
    const name = sdkKey.slice(dot + 1);
    if (prefix === 'profile') return { type: 'profile', name };
    if (prefix === 'sso-session') return { type: 'sso-session', name };
    if (prefix === 'services') return { type: 'services', name };
    return undefined;
  }
  return { type: 'profile', name: sdkKey };
}

/** What a scan has gathered so far, and where in the file it is. */
interface ScanState {
  file: string;
  kind: IniFileKind;
  diagnostics: IniDiagnostic[];
  raw: Map<string, Record<string, string>>;
  ignoredProfiles: string[];
  firstSeen: Map<string, number>;
  keyLines: Map<string, Map<string, number>>;
  profiles: Set<string>;
  sdkRejectsFile: boolean;
  needsSanitizing: boolean;
  current: Section | undefined;
  /** True while inside a section the SDK ignores: its lines are not reported one by one. */
  inIgnoredSection: boolean;
  seenAnySection: boolean;
  subSection: string | undefined;
  previousKey: string | undefined;
}

function report(
  s: ScanState,
  line: number,
  severity: 'error' | 'warning',
  reason: string,
  target?: DiagnosticTarget,
): void {
  const d: IniDiagnostic = { file: s.file, line, reason, severity };
  if (target) d.target = target;
  s.diagnostics.push(d);
}

/** A `[header]` line: which section follows, or why the SDK ignores it. */
function readSection(s: ScanState, header: string, lineNo: number): void {
  s.seenAnySection = true;
  s.subSection = undefined;
  s.previousKey = undefined;
  s.current = undefined;
  s.inIgnoredSection = false;
  const unsafe = unsafeSection(header);
  if (unsafe) {
    if (BLOCKED.has(header)) s.sdkRejectsFile = true;
    s.needsSanitizing = true;
    s.inIgnoredSection = true;
    report(
      s,
      lineNo,
      'error',
      BLOCKED.has(header)
        ? `The section name [${header}] is not allowed: the AWS SDK rejects it and then reads nothing at all from this file. This app ignores this one section and keeps using the others of the file, but other AWS tools built on the SDK will not: rename it.`
        : `The section name [${header}] is a name every JavaScript object already has ("${unsafe.name}"): the AWS SDK would write its settings onto objects of the whole program. This app ignores this one section and keeps using the others of the file, but other AWS tools built on the SDK may misbehave: rename it.`,
      unsafe,
    );
    if (unsafe.type === 'profile') s.ignoredProfiles.push(unsafe.name);
    return;
  }
  const match = PREFIX_KEY.exec(header);
  let sdkKey: string | undefined;
  if (match) {
    const prefix = match[1] ?? '';
    if (SECTION_TYPES.has(prefix)) sdkKey = `${prefix}.${match[3] ?? ''}`;
  } else {
    sdkKey = header;
  }
  const ignore = (reason: string, intended: string | undefined) => {
    s.inIgnoredSection = true;
    const target = intended ? ({ type: 'profile', name: intended } as const) : undefined;
    if (intended) s.ignoredProfiles.push(intended);
    report(s, lineNo, 'error', reason, target);
  };
  if (header.trim() === '' || /^(profile|sso-session|services)\s*$/.test(header)) {
    ignore(`Section [${header}] has no name, so it and the lines under it are ignored.`, undefined);
    return;
  }
  if (sdkKey === undefined) {
    // `[word other]`: the SDK reads "word" as a section type it does not know.
    const words = header.split(/\s+/);
    const intended = s.kind === 'config' && words[0] === 'profile' ? words.slice(1).join(' ') : header;
    ignore(
      s.kind === 'credentials'
        ? `Profile name [${header}] contains a space: the AWS SDK skips this section. Use a name without spaces.`
        : `Section [${header}] is ignored: in the config file write [profile NAME] with a name of letters, digits and _ - @ + . % : / only.`,
      intended,
    );
    return;
  }
  if (s.kind === 'config') {
    const target = targetFor(sdkKey, s.kind);
    if (!target) {
      const intended = header.startsWith('profile') ? header.slice('profile'.length).trim() : header.trim();
      ignore(
        /^profile\s/.test(header)
          ? `Section [${header}] is ignored: a profile name may contain only letters, digits and _ - @ + . % : / (and a single space after "profile").`
          : `Section [${header}] is ignored: in the config file only [default] may omit the prefix; write [profile ${header.trim()}].`,
        intended,
      );
      return;
    }
  }
  const target = targetFor(sdkKey, s.kind);
  if (s.kind === 'credentials' && match) {
    report(
      s,
      lineNo,
      'warning',
      `In the credentials file sections are plain profile names: this app reads [${header}] as a profile named "${sdkKey}" and the AWS CLI as "${header}". Write [${match[3] ?? ''}].`,
      target,
    );
  }
  const first = s.firstSeen.get(sdkKey);
  if (first !== undefined) {
    report(
      s,
      lineNo,
      'warning',
      `Section [${header}] also appears on line ${first}. This app merges the two (later values win); the AWS CLI refuses the whole file (duplicate section). Merge them into one.`,
      target,
    );
  } else {
    s.firstSeen.set(sdkKey, lineNo);
  }
  if (target?.type === 'profile') s.profiles.add(target.name);
  s.current = { sdkKey, line: lineNo, keysSeen: new Map() };
  if (target) s.current.target = target;
}

/** A line outside any section the SDK reads. */
function readOrphanLine(s: ScanState, trimmed: string, lineNo: number): void {
  if (s.inIgnoredSection) return;
  if (trimmed.startsWith('[')) {
    report(s, lineNo, 'error', 'This looks like a section header but has no closing "]"; it is ignored.');
    return;
  }
  report(
    s,
    lineNo,
    'error',
    s.seenAnySection
      ? 'This line belongs to no section and is ignored.'
      : 'This line comes before the first [section] and is ignored.',
  );
}

/** A line inside a section: a key, a sub-section, or what the SDK skips or reads differently. */
function readKeyLine(
  s: ScanState,
  current: Section,
  line: string,
  beforeComment: string,
  trimmed: string,
  lineNo: number,
): void {
  const target = current.target;
  if (trimmed.startsWith('[')) {
    report(
      s,
      lineNo,
      'error',
      `This looks like a section header but has no closing "]": it is ignored, and the lines below it are read as part of [${current.sdkKey}] (line ${current.line}).`,
      target,
    );
    return;
  }
  const eq = trimmed.indexOf('=');
  if (eq === -1) {
    report(
      s,
      lineNo,
      'error',
      /^[^:\s]+\s*:/.test(trimmed)
        ? 'This line uses ":" between key and value: the AWS CLI accepts it, but the AWS SDK ignores the line. Write "key = value".'
        : 'This line has no "=" and is ignored.',
      target,
    );
    return;
  }
  if (eq === 0) {
    report(s, lineNo, 'error', 'This line has no key name before "=" and is ignored.', target);
    return;
  }
  const name = trimmed.slice(0, eq).trim();
  const value = trimmed.slice(eq + 1).trim();
  const indented = line.trimStart() !== line;
  if (beforeComment.trim() !== line.trim() && value !== '') {
    report(
      s,
      lineNo,
      'warning',
      `Text after " #" or " ;" on this line is a comment to this app, but the AWS CLI keeps it as part of the value of "${name}". Put comments on a line of their own.`,
      target,
    );
  }
  if (value === '') {
    s.subSection = name;
    s.previousKey = undefined;
    return;
  }
  if (s.subSection && !indented) s.subSection = undefined;
  if (indented && !s.subSection && s.previousKey !== undefined) {
    report(
      s,
      lineNo,
      'warning',
      `This line is indented: the AWS CLI reads it as a continuation of "${s.previousKey}", this app as a key of its own. Remove the indentation.`,
      target,
    );
  }
  const key = s.subSection ? `${s.subSection}.${name}` : name;
  const seen = current.keysSeen.get(key);
  if (seen !== undefined) {
    report(
      s,
      lineNo,
      'warning',
      `"${key}" is set twice in this section (line ${seen}). This app uses the last value; the AWS CLI refuses the file.`,
      target,
    );
  } else {
    current.keysSeen.set(key, lineNo);
  }
  if (!s.subSection) s.previousKey = key;
  if (target?.type === 'profile') {
    const lines = s.keyLines.get(target.name) ?? new Map<string, number>();
    lines.set(key, lineNo);
    s.keyLines.set(target.name, lines);
  }
  const values = s.raw.get(current.sdkKey) ?? {};
  values[key] = value;
  s.raw.set(current.sdkKey, values);
}

/** Scan one shared config or credentials file's text; never throws. */
export function scanIni(text: string, file: string, kind: IniFileKind): IniScan {
  const s: ScanState = {
    file,
    kind,
    diagnostics: [],
    raw: new Map(),
    ignoredProfiles: [],
    firstSeen: new Map(),
    keyLines: new Map(),
    profiles: new Set(),
    sdkRejectsFile: false,
    needsSanitizing: false,
    current: undefined,
    inIgnoredSection: false,
    seenAnySection: false,
    subSection: undefined,
    previousKey: undefined,
  };
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const lineNo = index + 1;
    let line = rawLine;
    if (index === 0 && line.startsWith('\uFEFF')) {
      report(
        s,
        lineNo,
        'warning',
        'The file starts with a UTF-8 byte-order mark. This app reads it, but the AWS CLI fails with "File contains no section headers": save the file as UTF-8 without BOM.',
      );
      line = line.slice(1);
    }
    const beforeComment = line.split(COMMENT)[0] ?? '';
    const trimmed = beforeComment.trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) readSection(s, trimmed.slice(1, -1), lineNo);
    else if (trimmed === '') return;
    else if (!s.current) readOrphanLine(s, trimmed, lineNo);
    else readKeyLine(s, s.current, line, beforeComment, trimmed, lineNo);
  });

  const data = kind === 'config' ? configView(s.raw, s.diagnostics, file, s.firstSeen) : s.raw;
  const { diagnostics, sdkRejectsFile, needsSanitizing, ignoredProfiles, keyLines } = s;
  return {
    file,
    kind,
    diagnostics,
    sdkRejectsFile,
    needsSanitizing,
    data,
    ignoredProfiles,
    profiles: [...s.profiles],
    keyLines,
  };
}

// Mirrors getConfigData in @smithy/core/config: keep `default` and `<type>.<name>` sections,
// strip the `profile.` prefix, and let `[profile default]` replace `[default]` wholesale.
function configView(
  raw: Map<string, Record<string, string>>,
  diagnostics: IniDiagnostic[],
  file: string,
  firstSeen: Map<string, number>,
): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const plainDefault = raw.get('default');
  if (plainDefault) out.set('default', plainDefault);
  for (const [key, values] of raw) {
    const dot = key.indexOf('.');
    if (dot === -1) continue;
    const prefix = key.slice(0, dot);
    if (!SECTION_TYPES.has(prefix)) continue;
    out.set(prefix === 'profile' ? key.slice(dot + 1) : key, values);
  }
  const a = firstSeen.get('default');
  const b = firstSeen.get('profile.default');
  if (a !== undefined && b !== undefined) {
    diagnostics.push({
      file,
      line: b,
      severity: 'warning',
      reason: `Both [default] (line ${a}) and [profile default] (line ${b}) exist: the AWS SDK uses only [profile default] and ignores every setting under [default]. Keep one.`,
      target: { type: 'profile', name: 'default' },
    });
  }
  return out;
}

/**
 * The file text with every section header that is unsafe for the SDK's parser (one it throws
 * on, or an Object.prototype name) renamed to one it skips, line numbers unchanged, so the SDK
 * reads the file's other sections and nothing else.
 */
export function sanitizeForSdk(text: string): string {
  if (!/\[/.test(text)) return text;
  return text
    .split(/(\r?\n)/)
    .map((part, i) => {
      const line = i === 0 ? part.replace(/^\uFEFF/, '') : part;
      const trimmed = (line.split(COMMENT)[0] ?? '').trim();
      if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return part;
      return unsafeSection(trimmed.slice(1, -1)) ? '[lfr-ignored section]' : part;
    })
    .join('');
}
