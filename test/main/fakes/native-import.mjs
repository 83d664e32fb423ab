// Node's own import(), for loading what the build ships as Electron would. Vitest runs this file
// natively (vitest.config.ts lists it in server.deps.external), not through Vite.
/** @param {string} url */
export const nativeImport = (url) => import(url);
