import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE_NAME,
  START_HIDDEN_FLAG,
  autostartDesktopEntry,
  autostartDir,
  autostartExecutable,
  isLinuxAutostartEnabled,
  launchAgentPlist,
  quoteExecArg,
  setLinuxAutostart,
  setMacLaunchAgent,
} from '../../electron/core/autostart.js';

let home = '';
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'lfr-autostart-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Parses a .desktop file's [Desktop Entry] group into key -> raw value. */
function parseEntry(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    const i = line.indexOf('=');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** Splits an Exec value back into argv the way a desktop-spec launcher does. */
function execArgv(value: string): string[] {
  const unescaped = value.replace(/\\(.)/g, '$1'); // string-value level
  const args: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i]!;
    if (quoted) {
      if (c === '\\') cur += unescaped[++i] ?? '';
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === ' ') {
      if (cur || any) args.push(cur);
      cur = '';
      any = false;
    } else cur += c;
  }
  if (cur || any) args.push(cur);
  return args.map((a) => a.replaceAll('%%', '%'));
}

describe('autostart paths', () => {
  it('uses $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/custom/cfg' }, '/home/ada')).toBe(
      path.join('/custom/cfg', 'autostart'),
    );
    expect(autostartDir({}, '/home/ada')).toBe(path.join('/home/ada', '.config', 'autostart'));
    // relative values are invalid per the XDG base-directory spec
    expect(autostartDir({ XDG_CONFIG_HOME: 'cfg' }, '/home/ada')).toBe(
      path.join('/home/ada', '.config', 'autostart'),
    );
  });

  it('starts the AppImage file itself, not its temporary mount', () => {
    expect(
      autostartExecutable({ APPIMAGE: '/home/ada/Apps/LfR.AppImage' }, '/tmp/.mount_LfRx1/lfr-launcher'),
    ).toBe('/home/ada/Apps/LfR.AppImage');
    expect(autostartExecutable({}, '/opt/Lightsail for Research Launcher/lfr-launcher')).toBe(
      '/opt/Lightsail for Research Launcher/lfr-launcher',
    );
  });
});

describe('Exec quoting', () => {
  it('round-trips paths with spaces, quotes, dollars, backslashes and percent signs', () => {
    for (const arg of [
      '/opt/Lightsail for Research Launcher/lfr-launcher',
      `/home/o'neil/a"b$c\`d\\e`,
      '/x/100%/app',
      '--hidden',
      '',
    ]) {
      expect(execArgv(quoteExecArg(arg))).toEqual([arg]);
    }
  });

  it('leaves plain arguments bare and refuses line breaks', () => {
    expect(quoteExecArg('/usr/bin/lfr-launcher')).toBe('/usr/bin/lfr-launcher');
    expect(() => quoteExecArg('a\nExec=evil')).toThrow();
  });
});

describe('autostartDesktopEntry', () => {
  it('is a valid hidden application entry that starts the app in the tray', () => {
    const text = autostartDesktopEntry({
      name: 'Lightsail for Research Launcher',
      exec: '/opt/Lightsail for Research Launcher/lfr-launcher',
      args: [START_HIDDEN_FLAG],
      icon: 'lfr-launcher',
    });
    expect(text.split('\n')[0]).toBe('[Desktop Entry]');
    expect(text.endsWith('\n')).toBe(true);
    const entry = parseEntry(text);
    expect(entry.get('Type')).toBe('Application');
    expect(entry.get('Name')).toBe('Lightsail for Research Launcher');
    expect(entry.get('Terminal')).toBe('false');
    expect(entry.get('Icon')).toBe('lfr-launcher');
    expect(execArgv(entry.get('Exec')!)).toEqual([
      '/opt/Lightsail for Research Launcher/lfr-launcher',
      '--hidden',
    ]);
    // the installed desktop file's id (package.json desktopName), not a name of its own
    expect(entry.get('StartupWMClass')).toBe('io.github.lfr-launcher');
  });

  it('cannot be made to inject keys through the name', () => {
    const entry = parseEntry(
      autostartDesktopEntry({ name: 'x\nExec=/bin/evil', exec: '/usr/bin/lfr-launcher' }),
    );
    expect(execArgv(entry.get('Exec')!)).toEqual(['/usr/bin/lfr-launcher']);
    expect([...entry.keys()].filter((k) => k === 'Exec')).toHaveLength(1);
  });
});

describe('setLinuxAutostart', () => {
  const opts = () => ({
    env: { XDG_CONFIG_HOME: path.join(home, 'cfg') },
    homeDir: home,
    execPath: '/opt/Lightsail for Research Launcher/lfr-launcher',
    name: 'Lightsail for Research Launcher',
    icon: 'lfr-launcher',
  });

  it('creates the entry when switched on and removes it when switched off', async () => {
    const file = setLinuxAutostart(true, opts());
    expect(file).toBe(path.join(home, 'cfg', 'autostart', AUTOSTART_FILE_NAME));
    expect(isLinuxAutostartEnabled(opts().env, home)).toBe(true);
    expect(execArgv(parseEntry(await readFile(file, 'utf8')).get('Exec')!)).toEqual([
      opts().execPath,
      '--hidden',
    ]);

    setLinuxAutostart(false, opts());
    expect(isLinuxAutostartEnabled(opts().env, home)).toBe(false);
    await expect(stat(file)).rejects.toThrow();
  });

  it('is idempotent and leaves no temp files or other entries behind', async () => {
    const dir = path.join(home, 'cfg', 'autostart');
    setLinuxAutostart(true, opts());
    await writeFile(path.join(dir, 'other-app.desktop'), '[Desktop Entry]\nType=Application\nExec=other\n');
    setLinuxAutostart(true, opts());
    expect((await readdir(dir)).sort()).toEqual(['io.github.lfr-launcher.desktop', 'other-app.desktop']);
    expect(AUTOSTART_FILE_NAME).toBe('io.github.lfr-launcher.desktop');
    setLinuxAutostart(false, opts());
    setLinuxAutostart(false, opts());
    expect(await readdir(dir)).toEqual(['other-app.desktop']);
  });

  it('points at the AppImage when running from one', async () => {
    const file = setLinuxAutostart(true, {
      ...opts(),
      env: { ...opts().env, APPIMAGE: '/home/ada/Apps/Lightsail Launcher.AppImage' },
      execPath: '/tmp/.mount_x/lfr-launcher',
    });
    expect(execArgv(parseEntry(await readFile(file, 'utf8')).get('Exec')!)).toEqual([
      '/home/ada/Apps/Lightsail Launcher.AppImage',
      '--hidden',
    ]);
  });

  it('reports off when the desktop disabled the entry without deleting it', async () => {
    const file = setLinuxAutostart(true, opts());
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        'X-GNOME-Autostart-enabled=true',
        'X-GNOME-Autostart-enabled=false',
      ),
    );
    expect(isLinuxAutostartEnabled(opts().env, home)).toBe(false);
  });
});

describe('setMacLaunchAgent', () => {
  const execPath =
    '/Applications/Lightsail for Research Launcher.app/Contents/MacOS/Lightsail for Research Launcher';

  it('starts the app at login with --hidden (login items cannot pass it), and is removed when switched off', async () => {
    const file = setMacLaunchAgent(true, { homeDir: home, execPath });
    expect(file).toBe(path.join(home, 'Library', 'LaunchAgents', 'io.github.lfr-launcher.plist'));
    const text = await readFile(file, 'utf8');
    expect(text).toContain(
      `<key>ProgramArguments</key>\n  <array>\n    <string>${execPath}</string>\n    <string>${START_HIDDEN_FLAG}</string>\n  </array>`,
    );
    expect(text).toContain('<key>RunAtLoad</key>\n  <true/>');
    setMacLaunchAgent(true, { homeDir: home, execPath });
    expect(await readdir(path.dirname(file))).toEqual(['io.github.lfr-launcher.plist']);
    setMacLaunchAgent(false, { homeDir: home, execPath });
    await expect(stat(file)).rejects.toThrow();
  });

  it('escapes what XML would misread in a path', () => {
    expect(launchAgentPlist(['/Apps/R&D <lab>/app'])).toContain(
      '<string>/Apps/R&amp;D &lt;lab&gt;/app</string>',
    );
  });
});
