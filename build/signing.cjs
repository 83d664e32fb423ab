// Which signing a build gets, decided from the environment, so `npm run dist` works the same on
// a laptop without certificates and on a release machine with them (build/electron-builder.config.cjs).
//
// macOS: flipping fuses changes the Electron binary, which invalidates its signature; on Apple
// silicon an unsigned or invalidly signed binary is killed at launch. So every build is signed:
// with the release identity when CSC_LINK / CSC_NAME name one, ad hoc (identity "-") otherwise.
// The hardened runtime is only for identity-signed builds: with an ad-hoc signature it enforces
// library validation against Electron's own frameworks (different team) and the app would not
// start unless library validation were disabled, which would weaken a notarised build too.
// Notarisation runs only when one of the credential sets @electron/notarize accepts is present.

const has = (env, ...names) => names.every((n) => typeof env[n] === 'string' && env[n].trim() !== '');

/** True when a macOS signing identity is configured (certificate file or keychain name). */
function hasMacIdentity(env) {
  return has(env, 'CSC_LINK') || has(env, 'CSC_NAME');
}

/** True when notarisation credentials are present (any of the three sets). */
function hasNotarizeCredentials(env) {
  return (
    has(env, 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') ||
    has(env, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') ||
    has(env, 'APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE')
  );
}

/** The signing-dependent part of the mac config for this environment. */
function macSigning(env = process.env) {
  if (!hasMacIdentity(env))
    return { kind: 'ad-hoc', mac: { identity: '-', hardenedRuntime: false, notarize: false } };
  const notarize = hasNotarizeCredentials(env);
  return { kind: notarize ? 'notarised' : 'signed', mac: { hardenedRuntime: true, notarize } };
}

module.exports = { macSigning, hasMacIdentity, hasNotarizeCredentials };
