import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sanitizeForSdk,
  scanIni,
  unsafeSection,
  type IniDiagnostic,
} from '../../electron/core/ini-diagnostics.js';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lfr-ini-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the real SDK loader returns for a text used as config or as credentials file. */
async function sdkRead(text: string, kind: 'config' | 'credentials') {
  const path = join(dir, `f${n++}`);
  await writeFile(path, text);
  const missing = join(dir, 'missing');
  const r = await loadSharedConfigFiles(
    kind === 'config'
      ? { configFilepath: path, filepath: missing, ignoreCache: true }
      : { configFilepath: missing, filepath: path, ignoreCache: true },
  );
  return kind === 'config' ? r.configFile : r.credentialsFile;
}

const at = (d: IniDiagnostic[], line: number) => d.filter((x) => x.line === line);

const SAMPLES: Record<string, string> = {
  plain:
    '[default]\nregion = us-east-1\n[profile research]\nregion = eu-west-2\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n',
  crlfBomComments: '\uFEFF# top\r\n[default]\r\n; c\r\nregion = us-west-2 # inline\r\noutput=json\r\n',
  nested:
    '[profile a]\ns3 =\n  max_concurrent_requests = 20\n\tuse_accelerate_endpoint = true\nregion = eu-west-1\n  stray = 1\n',
  malformed:
    'orphan = 1\n[profile a]\nregion: eu-west-1\njust words\n= nokey\nregion = us-east-2\n[profile b c]\nregion = x\n[x]\nregion = y\n[profile a]\nregion = ap-south-1\n[profile broken\nk = v\n',
  credentials:
    '[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n[profile p]\naws_access_key_id = AKIA2\n[my creds]\naws_access_key_id = AKIA3\n[a.b]\nk = v\n',
  bothDefaults: '[default]\nregion = us-east-1\noutput = json\n[profile default]\nregion = eu-west-1\n',
};

describe('scanIni reads files the way the AWS SDK does', () => {
  for (const [label, text] of Object.entries(SAMPLES)) {
    for (const kind of ['config', 'credentials'] as const) {
      it(`${label} as ${kind}: same profiles and values as loadSharedConfigFiles`, async () => {
        const sdk = await sdkRead(text, kind);
        const ours = Object.fromEntries(scanIni(text, 'f', kind).data);
        expect(ours).toEqual(sdk);
      });
    }
  }
});

describe('[profile __proto__]', () => {
  const text =
    '[profile good]\nregion = eu-west-1\n[profile __proto__]\nregion = us-east-1\n[profile other]\nregion = us-west-2\n';

  it('makes the real SDK loader return nothing for the whole file (the behaviour we work around)', async () => {
    expect(await sdkRead(text, 'config')).toEqual({});
    expect(await sdkRead('[ok]\nk = v\n[__proto__]\nk = 1\n', 'credentials')).toEqual({});
  });

  it('is reported on line 3 while the other profiles are still read', () => {
    const scan = scanIni(text, '/home/u/.aws/config', 'config');
    expect(scan.sdkRejectsFile).toBe(true);
    expect([...scan.data.keys()].sort()).toEqual(['good', 'other']);
    expect(scan.data.get('other')).toEqual({ region: 'us-west-2' });
    const d = at(scan.diagnostics, 3);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      severity: 'error',
      file: '/home/u/.aws/config',
      target: { type: 'profile', name: '__proto__' },
    });
    expect(scan.ignoredProfiles).toEqual(['__proto__']);
  });
});

describe('Object.prototype names as sections', () => {
  const probe = (o: object) => (o as Record<string, unknown>)['lfrProbe'];
  const text =
    '[profile ok]\nregion = eu-west-1\n[constructor]\nlfrProbe = 1\n[profile toString]\nlfrProbe = 2\n[sso-session valueOf]\nsso_region = x\n[profile constructor]\nlfrProbe = 3\n[profile "hasOwnProperty"]\nk = v\n';

  it('make the real SDK parser write onto Object itself (the behaviour we work around)', async () => {
    try {
      await sdkRead('[constructor]\nlfrProbe = 1\n', 'credentials');
      expect(probe(Object)).toBe('1');
    } finally {
      delete (Object as unknown as Record<string, unknown>)['lfrProbe'];
    }
  });

  it('are errors on their own line and target, and never reach the SDK', async () => {
    const scan = scanIni(text, 'cfg', 'config');
    expect(scan.needsSanitizing).toBe(true);
    expect(scan.diagnostics.map((d) => [d.line, d.severity, d.target])).toEqual([
      [3, 'error', { type: 'profile', name: 'constructor' }],
      [5, 'error', { type: 'profile', name: 'toString' }],
      [7, 'error', { type: 'sso-session', name: 'valueOf' }],
      [9, 'error', { type: 'profile', name: 'constructor' }],
      [11, 'error', { type: 'profile', name: 'hasOwnProperty' }],
    ]);
    const clean = sanitizeForSdk(text);
    expect(clean.split('\n')).toHaveLength(text.split('\n').length);
    const sdk = await sdkRead(clean, 'config');
    expect(probe(Object)).toBeUndefined();
    expect(probe(Object.prototype.toString)).toBeUndefined();
    expect(sdk).toEqual(Object.fromEntries(scan.data));
    expect(Object.keys(sdk)).toEqual(['ok']);
  });

  it('recognises every form the SDK would store under such a name, and nothing else', () => {
    for (const h of [
      'constructor',
      '__proto__',
      'toString',
      'profile valueOf',
      'sso-session isPrototypeOf',
      'services __defineGetter__',
      "profile 'toLocaleString'",
    ])
      expect(unsafeSection(h), h).toBeDefined();
    for (const h of [
      'default',
      'profile constructors',
      'other constructor',
      ' constructor ',
      'profile my-toString',
    ])
      expect(unsafeSection(h), h).toBeUndefined();
    expect(sanitizeForSdk('[default]\nk = v\n')).toBe('[default]\nk = v\n');
  });
});

describe('diagnostics', () => {
  it('a clean file has none', () => {
    expect(scanIni(SAMPLES.plain!, 'c', 'config').diagnostics).toEqual([]);
  });

  it('CRLF endings and full-line comments are fine; a BOM and an inline comment are warned about', () => {
    const d = scanIni(SAMPLES.crlfBomComments!, 'c', 'config').diagnostics;
    expect(d.map((x) => [x.line, x.severity])).toEqual([
      [1, 'warning'],
      [4, 'warning'],
    ]);
    expect(d[0]!.reason).toMatch(/byte-order mark/);
    expect(d[0]!.target).toBeUndefined();
    expect(d[1]!.reason).toMatch(/AWS CLI keeps it as part of the value of "region"/);
    expect(d[1]!.target).toEqual({ type: 'profile', name: 'default' });
  });

  it('indented sub-properties under "s3 =" (spaces or tabs) are fine; a stray indented line is warned about', () => {
    const scan = scanIni(SAMPLES.nested!, 'c', 'config');
    expect(scan.data.get('a')).toMatchObject({
      's3.max_concurrent_requests': '20',
      's3.use_accelerate_endpoint': 'true',
      region: 'eu-west-1',
    });
    expect(scan.diagnostics.map((x) => x.line)).toEqual([6]);
    expect(scan.diagnostics[0]!.reason).toMatch(/continuation of "region"/);
  });

  it('reports each skipped line of a broken config file with its line and profile', () => {
    const d = scanIni(SAMPLES.malformed!, '/cfg', 'config').diagnostics;
    expect(at(d, 1)[0]).toMatchObject({
      severity: 'error',
      reason: expect.stringMatching(/before the first \[section\]/),
    });
    expect(at(d, 1)[0]!.target).toBeUndefined();
    expect(at(d, 3)[0]).toMatchObject({
      severity: 'error',
      target: { type: 'profile', name: 'a' },
      reason: expect.stringMatching(/uses ":"/),
    });
    expect(at(d, 4)[0]).toMatchObject({ severity: 'error', reason: expect.stringMatching(/no "="/) });
    expect(at(d, 5)[0]).toMatchObject({ severity: 'error', reason: expect.stringMatching(/no key name/) });
    expect(at(d, 7)[0]).toMatchObject({ severity: 'error', target: { type: 'profile', name: 'b c' } });
    expect(at(d, 9)[0]).toMatchObject({
      severity: 'error',
      target: { type: 'profile', name: 'x' },
      reason: expect.stringMatching(/\[profile x\]/),
    });
    expect(at(d, 11)[0]).toMatchObject({
      severity: 'warning',
      target: { type: 'profile', name: 'a' },
      reason: expect.stringMatching(/also appears on line 2/),
    });
    expect(at(d, 13)[0]).toMatchObject({
      severity: 'error',
      target: { type: 'profile', name: 'a' },
      reason: expect.stringMatching(/no closing "\]"/),
    });
    // the lines under [profile x] and [profile b c] are covered by their section's finding
    expect(at(d, 8)).toEqual([]);
    expect(at(d, 10)).toEqual([]);
  });

  it('in the credentials file warns about [profile x] and refuses names with a space', () => {
    const scan = scanIni(SAMPLES.credentials!, '/creds', 'credentials');
    expect(at(scan.diagnostics, 4)[0]).toMatchObject({
      severity: 'warning',
      target: { type: 'profile', name: 'profile.p' },
    });
    expect(at(scan.diagnostics, 6)[0]).toMatchObject({
      severity: 'error',
      target: { type: 'profile', name: 'my creds' },
    });
    expect(scan.ignoredProfiles).toContain('my creds');
    expect(scan.data.has('a.b')).toBe(true);
  });

  it('warns when [default] is shadowed by [profile default]', () => {
    const scan = scanIni(SAMPLES.bothDefaults!, 'c', 'config');
    expect(scan.data.get('default')).toEqual({ region: 'eu-west-1' });
    expect(scan.diagnostics).toHaveLength(1);
    expect(scan.diagnostics[0]).toMatchObject({ line: 4, target: { name: 'default' } });
  });

  it('reports empty section names and duplicate keys', () => {
    const d = scanIni(
      '[]\nk = v\n[profile ]\nk = v\n[profile a]\nregion = a\nregion = b\n',
      'c',
      'config',
    ).diagnostics;
    expect(d.map((x) => x.line)).toEqual([1, 3, 7]);
    expect(d[2]!.reason).toMatch(/set twice/);
  });
});
