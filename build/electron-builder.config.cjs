// electron-builder 26 configuration (`npm run dist` builds installers for the current platform).
// Validated against electron-builder's own schema by test/build/packaging.spec.ts.
//
// LFR_E2E_BUILD=1 produces a test build for the Playwright `_electron` suite: identical except
// that the NodeCliInspect fuse stays on, because Playwright drives Electron through --inspect.
// Never ship such a build.

const { macSigning } = require('./signing.cjs');
const pkg = require('../package.json');

const e2eBuild = process.env.LFR_E2E_BUILD === '1';

const productName = pkg.productName;
const scheme = 'lfr-launcher';
// One reverse-DNS id everywhere: package.json's desktopName (which Electron turns into the
// Wayland app id / X11 WM_CLASS) without ".desktop" is the appId (macOS bundle id, Windows
// AppUserModelID of the shortcuts); electron/shared/app-id.ts holds the same value for the app.
const appId = pkg.desktopName.replace(/\.desktop$/, '');
const signing = macSigning(process.env);

/** @type {import('app-builder-lib').Configuration} */
const config = {
  appId,
  productName,
  copyright: 'Copyright © 2026 Lightsail for Research Launcher contributors',
  directories: { buildResources: 'build', output: e2eBuild ? 'release/e2e' : 'release' },
  // Only the compiled app goes into the asar: main/preload bundles, the built renderer (and its server build),
  // package.json, and the images main loads at run time (tray icons and the Linux window icon,
  // read from app.getAppPath()/build/… as in development). Sources, tests and source maps stay
  // out (maps would ship our source text).
  files: [
    'dist/**',
    // The CLI runs from a checkout (`npm run cli`), not from the installed app.
    '!dist/cli/**',
    'renderer/dist/**',
    // The renderer's server build: main prerenders the launcher's first frame with it.
    'renderer/dist-ssr/**',
    'package.json',
    'build/tray/*.png',
    'build/icons/256x256.png',
    '!**/*.map',
    '!**/*.{ts,tsx,mts,cts}',
    '!**/{test,tests,__tests__}/**',
    '!**/*.{spec,test}.{js,mjs,cjs}',
  ],
  asar: true,
  protocols: [{ name: productName, schemes: [scheme] }],
  fileAssociations: [],
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: e2eBuild,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
    // Flipping fuses edits the binary and breaks its signature; Apple silicon kills a binary
    // without a valid one. Re-sign ad hoc right away, so even a build whose real signing step is
    // skipped (no identity, a pull-request build) starts. A real identity signs over it later.
    resetAdHocDarwinSignature: true,
  },
  linux: {
    // The deb first: it installs the AppArmor profile Chromium's sandbox needs on Ubuntu 24.04+.
    // An AppImage cannot install one, so there it aborts at start on those systems (README).
    target: ['deb', 'AppImage'],
    // The command users type (`lfr-launcher --self-check`), the AppArmor profile's name.
    executableName: scheme,
    category: 'Development',
    icon: 'icons',
    maintainer: 'Lightsail for Research Launcher contributors <lfr-launcher@users.noreply.github.com>',
    synopsis: 'Open Lightsail for Research virtual computers in native windows',
    // Electron uses desktopName as the Wayland app_id / X11 WM_CLASS; keeping it in sync with the
    // installed .desktop file lets the desktop group our windows under the launcher's entry.
    syncDesktopName: true,
    // electron-builder adds MimeType=x-scheme-handler/lfr-launcher; from `protocols` above.
    desktop: {
      entry: {
        Keywords: 'AWS;Lightsail;Research;DCV;JupyterLab;RStudio;',
        StartupNotify: 'true',
      },
    },
  },
  deb: {
    packageCategory: 'devel',
    priority: 'optional',
    // Shipped as resources/apparmor-profile; electron-builder's after-install script copies it
    // to /etc/apparmor.d and loads it with apparmor_parser where AppArmor is enabled.
    appArmorProfile: 'build/linux/apparmor-profile',
    // The tray needs an AppIndicator host on GNOME; without it the app minimises instead.
    recommends: ['libappindicator3-1 | libayatana-appindicator3-1'],
  },
  appImage: {
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },
  mac: {
    target: [{ target: 'dmg', arch: ['universal'] }],
    category: 'public.app-category.developer-tools',
    icon: 'icon.icns',
    // Signed with CSC_LINK/CSC_NAME (hardened runtime, notarised when APPLE_* credentials are
    // present), ad hoc otherwise: build/signing.cjs.
    ...signing.mac,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    darkModeSupport: true,
    // macOS asks the user before an app uses the microphone or camera and shows these words;
    // without them the DCV session's audio and webcam redirection is refused outright.
    extendInfo: {
      NSMicrophoneUsageDescription:
        'A virtual computer session you open can use your microphone, if you allow it for that computer.',
      NSCameraUsageDescription:
        'A virtual computer session you open can use your camera, if you allow it for that computer.',
    },
  },
  dmg: {
    artifactName: '${productName}-${version}-universal.${ext}',
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'icon.ico',
  },
  nsis: {
    // Assisted, per-user install: no administrator rights needed, the user sees where it goes.
    oneClick: false,
    perMachine: false,
    allowElevation: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    deleteAppDataOnUninstall: false,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
};

module.exports = config;
