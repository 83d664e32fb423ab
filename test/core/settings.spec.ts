import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings.js';
import { createSettingsStore } from '../../electron/core/settings.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lfr-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings store', () => {
  it('starts with the defaults and persists updates across restarts', () => {
    const s = createSettingsStore({ dir });
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.notice).toBeUndefined();
    const after = s.update({
      regions: ['eu-west-1'],
      closeToTray: false,
      globalShortcut: 'CmdOrCtrl+Alt+Shift+S',
    });
    expect(after).toMatchObject({ regions: ['eu-west-1'], closeToTray: false, hiddenProfiles: [] });
    expect(createSettingsStore({ dir }).get()).toEqual(after);
  });

  it('refuses an invalid patch and keeps the old values', () => {
    const s = createSettingsStore({ dir });
    expect(() => s.update({ regions: ['not a region'] })).toThrow();
    expect(() => s.update({ evil: true } as never)).toThrow();
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('tells listeners about changes', () => {
    const s = createSettingsStore({ dir });
    const seen: boolean[] = [];
    s.onChange((x) => seen.push(x.startAtLogin));
    s.update({ startAtLogin: true });
    expect(seen).toEqual([true]);
  });

  it.each([
    ['broken JSON', '{"regions": ["eu-west-1"'],
    ['not an object', '[]'],
    ['a bare string', '"settings"'],
  ])(
    'backs up a corrupt file (%s), uses the defaults and says so; other files are untouched',
    (_name, content) => {
      writeFileSync(join(dir, 'settings.json'), content);
      writeFileSync(join(dir, 'window-state.json'), '{"keep":"me"}');
      const s = createSettingsStore({ dir, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
      expect(s.get()).toEqual(DEFAULT_SETTINGS);
      expect(s.notice).toMatch(/could not be read/);
      const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
      expect(backups).toEqual(['settings.json.corrupt-2026-01-02T03-04-05-000Z']);
      expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(content);
      expect(readFileSync(join(dir, 'window-state.json'), 'utf8')).toBe('{"keep":"me"}');
      s.update({ closeToTray: false });
      expect(createSettingsStore({ dir }).notice).toBeUndefined();
    },
  );

  it('keeps every valid setting of a file with wrong types, and says which fell back', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ regions: 'us-east-1', hiddenProfiles: 5, closeToTray: false, groupBy: 'region' }),
    );
    const s = createSettingsStore({ dir });
    expect(s.get()).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false, groupBy: 'region' });
    expect(s.notice).toMatch(/regions, hiddenProfiles/);
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('validates on every read: a hand edit while running falls back per key', () => {
    const s = createSettingsStore({ dir });
    s.update({ regions: ['eu-west-1'], favourites: [], closeToTray: false });
    const file = join(dir, 'settings.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...onDisk, regions: 'us-east-1', hiddenProfiles: 5 }));
    const now = s.get();
    // Not swept as regions "u", "s", "-"…, and the sweep's hiddenProfiles is still an array.
    expect(now.regions).toEqual([]);
    expect(now.hiddenProfiles).toEqual([]);
    expect(now.closeToTray).toBe(false);
    writeFileSync(file, JSON.stringify({ ...onDisk, regions: ['us-east-1', 'not a region'] }));
    expect(s.get().regions).toEqual(['us-east-1']);
    writeFileSync(file, '{ broken');
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it("keeps keys it does not know (a newer version's settings) and every known one", () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ closeToTray: false, futureSetting: { on: true } }),
    );
    const s = createSettingsStore({ dir });
    expect(s.notice).toBeUndefined();
    expect(s.get()).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false });
    expect(s.get()).not.toHaveProperty('futureSetting');
    s.update({ groupBy: 'none' });
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ futureSetting: { on: true }, closeToTray: false, groupBy: 'none' });
    expect(createSettingsStore({ dir }).get()).toMatchObject({ closeToTray: false, groupBy: 'none' });
  });

  it('reads a file that starts with a UTF-8 BOM (Notepad, PowerShell) as it is', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      '\uFEFF' + JSON.stringify({ closeToTray: false, regions: ['eu-west-2'] }),
    );
    const s = createSettingsStore({ dir });
    expect(s.notice).toBeUndefined();
    expect(s.get()).toMatchObject({ closeToTray: false, regions: ['eu-west-2'] });
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
    s.update({ groupBy: 'none' });
    expect(createSettingsStore({ dir }).get()).toMatchObject({
      closeToTray: false,
      regions: ['eu-west-2'],
      groupBy: 'none',
    });
  });

  it('drops one bad pin alone, names it in a notice, and an unrelated change never empties the list on disk', () => {
    const good = (n: number) => ({
      hostPort: `203.0.113.${n}:8443`,
      sha256: Array.from({ length: 32 }, () => 'AB').join(':'),
    });
    const bad = { hostPort: 'bad host:8443', sha256: 'nope' };
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        certificatePins: [good(1), bad, good(2)],
        favourites: ['research/us-east-2/nb', 'not an id'],
      }),
    );
    const s = createSettingsStore({ dir });
    expect(s.get().certificatePins).toEqual([good(1), good(2)]);
    expect(s.get().favourites).toEqual(['research/us-east-2/nb']);
    expect(s.notice).toContain('certificatePins');
    expect(s.notice).toContain('bad host:8443');
    expect(s.notice).toContain('not an id');
    s.update({ groupBy: 'region' });
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as {
      certificatePins: unknown[];
      favourites: unknown[];
    };
    expect(onDisk.certificatePins).toEqual(expect.arrayContaining([good(1), good(2)]));
    expect(onDisk.favourites).toContain('research/us-east-2/nb');
  });

  it('pins a host name with an underscore (DCV serves any host name the network resolves)', () => {
    const s = createSettingsStore({ dir });
    const pin = {
      hostPort: 'lab_1.research-net.internal:8443',
      sha256: Array.from({ length: 32 }, () => '0F').join(':'),
    };
    expect(s.update({ certificatePins: [pin] }).certificatePins).toEqual([pin]);
  });

  it('is not fooled by Object.prototype names as keys', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      '{"__proto__": {"closeToTray": false}, "constructor": 1, "toString": 2}',
    );
    const s = createSettingsStore({ dir });
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('creates its directory when missing', () => {
    const nested = join(dir, 'a', 'b');
    const s = createSettingsStore({ dir: nested });
    s.update({ groupBy: 'region' });
    expect(existsSync(join(nested, 'settings.json'))).toBe(true);
  });
});
