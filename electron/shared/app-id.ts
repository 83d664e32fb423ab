// The app's one reverse-DNS id. It is package.json's `desktopName` without `.desktop`, and
// electron-builder's appId (build/electron-builder.config.cjs reads it from package.json):
// the Windows AppUserModelID of the installer's shortcuts, the macOS bundle id, the Linux
// .desktop file name, StartupWMClass and Wayland app id (Electron takes those from
// desktopName), and the XDG autostart entry's file name. test/build/packaging.spec.ts
// checks that they all agree.

/** The reverse-DNS application id. */
export const APP_ID = 'io.github.lfr-launcher';

/** The Linux desktop entry file name (package.json `desktopName`). */
export const DESKTOP_FILE_NAME = `${APP_ID}.desktop`;
