// quarry's version, as in package.json (a test keeps the two equal). Cache files are keyed by it,
// so a cache written by another quarry is discarded and rebuilt, never trusted.

/** quarry's version (the `version` of package.json). */
export const QUARRY_VERSION = "0.1.0";
