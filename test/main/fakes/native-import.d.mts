/** Node's own import(), outside Vite. */
export declare const nativeImport: (url: string) => Promise<unknown>;
