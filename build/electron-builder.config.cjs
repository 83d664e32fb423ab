// electron-builder 26 configuration (`npm run dist` builds installers for the current platform).
// Validated against electron-builder's own schema by test/build/packaging.spec.ts.
//
// LFR_E2E_BUILD=1 produces a test build for the Playwright `_electron` suite: identical except
// that the NodeCliInspect fuse stays on, because Playwright drives Electron through --inspect.
// Never ship such a build.

const e2eBuild = process.env.LFR_E2E_BUILD === '1';

const productName = 'Lightsail for Research Launcher';
const scheme = 'lfr-launcher';

/** @type {import('app-builder-lib').Configuration} */
const config = {
  appId: 'io.github.lfr-launcher',
  productName,
  copyright: 'Copyright © 2026 Lightsail for Research Launcher contributors',
  directories: { buildResources: 'build', output: e2eBuild ? 'release/e2e' : 'release' },
  // Only the compiled app goes into the asar: main/preload bundles, the built renderer (and its server build),
  // package.json, and the images main loads at run time (tray icons and the Linux window icon,
  // read from app.getAppPath()/build/… as in development). Sources, tests and source maps stay
  // out (maps would ship our source text).
  files: [
    'dist/**',
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
  },
  linux: {
    target: ['AppImage', 'deb'],
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
  },
  appImage: {
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },
  mac: {
    target: [{ target: 'dmg', arch: ['universal'] }],
    category: 'public.app-category.developer-tools',
    icon: 'icon.icns',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    darkModeSupport: true,
    // macOS asks the user before an app uses the microphone or camera and shows these words;
    // without them the DCV session's audio and webcam redirection is refused outright.
    extendInfo: {
      NSMicrophoneUsageDescription: 'A virtual computer session you open can use your microphone, if you allow it for that computer.',
      NSCameraUsageDescription: 'A virtual computer session you open can use your camera, if you allow it for that computer.',
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
