// The app's one reverse-DNS id: electron-builder's appId (build/electron-builder.config.cjs,
// a test keeps them equal), the Windows AppUserModelID, the macOS launch agent's label.

/** The app's reverse-DNS id. */
export const APP_ID = 'io.github.lfr-launcher';
