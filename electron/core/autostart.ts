// Start at login, the platform-neutral part. Every platform's entry passes START_HIDDEN_FLAG, so
// the app knows it was started at login from its own command line. Windows has an OS API that
// passes arguments (Electron's app.setLoginItemSettings, called by electron/main/login-item.ts);
// macOS gets a per-user launch agent; Linux desktops follow the XDG Autostart spec: a .desktop
// file in $XDG_CONFIG_HOME/autostart. Everything here takes its paths and environment as
// arguments so it is tested against a temp dir.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ID, DESKTOP_FILE_NAME } from '../shared/app-id.js';

/** Argument the login entry passes so the app starts in the tray without showing its window. */
export const START_HIDDEN_FLAG = '--hidden';

/**
 * File name of our autostart entry: the installed desktop file's name (package.json
 * desktopName), so the desktop knows the entry and the running app as one application.
 */
export const AUTOSTART_FILE_NAME = DESKTOP_FILE_NAME;

/** What the Linux autostart entry needs to know about the running app. */
export interface LinuxAutostartOptions {
  /** Process environment (XDG_CONFIG_HOME, APPIMAGE are read). */
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home directory. */
  homeDir: string;
  /** process.execPath of the packaged app. */
  execPath: string;
  /** Display name (productName). */
  name: string;
  /** Icon name or absolute path for the entry. */
  icon?: string;
}

/** $XDG_CONFIG_HOME/autostart, falling back to ~/.config/autostart as the spec says. */
export function autostartDir(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME;
  // The spec ignores a relative XDG_CONFIG_HOME ("all paths must be absolute").
  const base = configHome && path.isAbsolute(configHome) ? configHome : path.join(homeDir, '.config');
  return path.join(base, 'autostart');
}

/** Full path of our autostart entry. */
export function autostartFilePath(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): string {
  return path.join(autostartDir(env, homeDir), AUTOSTART_FILE_NAME);
}

/**
 * The program to start at login. An AppImage runs from a temporary mount that is gone after it
 * quits, so its execPath is useless later: the AppImage runtime puts the real file in $APPIMAGE.
 */
export function autostartExecutable(
  env: Readonly<Record<string, string | undefined>>,
  execPath: string,
): string {
  const appImage = env.APPIMAGE;
  return appImage && path.isAbsolute(appImage) ? appImage : execPath;
}

// Desktop Entry spec, "The Exec key": an argument with a reserved character is double-quoted,
// and inside quotes ", `, $ and \ are backslash-escaped; the value as a whole is then a string
// value, whose own escaping doubles every backslash; a literal % is written %%.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** One Exec argument, quoted and escaped per the Desktop Entry spec. */
export function quoteExecArg(arg: string): string {
  if (/[\n\r\0]/.test(arg)) throw new Error('an Exec argument cannot contain a line break or NUL');
  const percent = arg.replaceAll('%', '%%');
  const quoted =
    arg === '' || RESERVED.test(arg) ? `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : percent;
  return quoted.replaceAll('\\', '\\\\');
}

// Values of string keys other than Exec: no line breaks, backslash escaped.
function stringValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** The content of the XDG autostart .desktop file. */
export function autostartDesktopEntry(opts: {
  name: string;
  exec: string;
  args?: readonly string[];
  icon?: string;
}): string {
  const exec = [opts.exec, ...(opts.args ?? [])].map(quoteExecArg).join(' ');
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${stringValue(opts.name)}`,
    'Comment=Start in the tray at login',
    `Exec=${exec}`,
    ...(opts.icon ? [`Icon=${stringValue(opts.icon)}`] : []),
    'Terminal=false',
    // The window class Electron sets from desktopName: the started app is this entry's app.
    `StartupWMClass=${APP_ID}`,
    'NoDisplay=true',
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}

/** Creates or removes our XDG autostart entry; returns the file path. Idempotent. */
export function setLinuxAutostart(enabled: boolean, opts: LinuxAutostartOptions): string {
  const file = autostartFilePath(opts.env, opts.homeDir);
  if (!enabled) {
    rmSync(file, { force: true });
    return file;
  }
  const content = autostartDesktopEntry({
    name: opts.name,
    exec: autostartExecutable(opts.env, opts.execPath),
    args: [START_HIDDEN_FLAG],
    ...(opts.icon ? { icon: opts.icon } : {}),
  });
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename: a session manager reading the directory never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o644 });
  renameSync(tmp, file);
  return file;
}

/** True when our XDG autostart entry exists and is not disabled by the user's desktop. */
export function isLinuxAutostartEnabled(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): boolean {
  let text: string;
  try {
    text = readFileSync(autostartFilePath(env, homeDir), 'utf8');
  } catch {
    return false;
  }
  // GNOME's "Startup Applications" switches an entry off with this key instead of deleting it.
  return !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text) && !/^Hidden\s*=\s*true\s*$/m.test(text);
}

/** Label (and file name, with .plist) of our macOS launch agent: the app's reverse-DNS id. */
export const LAUNCH_AGENT_LABEL = APP_ID;

/** ~/Library/LaunchAgents/<label>.plist. */
export function launchAgentPath(homeDir: string): string {
  return path.join(homeDir, 'Library', 'LaunchAgents', `${LAUNCH_AGENT_LABEL}.plist`);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The launch agent that starts the app at login with START_HIDDEN_FLAG. macOS's own login items
 * (SMAppService) cannot pass arguments, and whether they opened the app cannot be told from
 * inside it, so the app would show its window at every login.
 */
export function launchAgentPlist(programArguments: readonly string[]): string {
  const args = programArguments.map((a) => `    <string>${xml(a)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${LAUNCH_AGENT_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>ProcessType</key>
  <string>Interactive</string>
  <key>LimitLoadToSessionType</key>
  <string>Aqua</string>
</dict>
</plist>
`;
}

/** Creates or removes our macOS launch agent; returns its path. Idempotent. */
export function setMacLaunchAgent(enabled: boolean, opts: { homeDir: string; execPath: string }): string {
  const file = launchAgentPath(opts.homeDir);
  if (!enabled) {
    rmSync(file, { force: true });
    return file;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, launchAgentPlist([opts.execPath, START_HIDDEN_FLAG]), { mode: 0o644 });
  renameSync(tmp, file);
  return file;
}
