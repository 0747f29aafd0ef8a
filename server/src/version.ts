/** Loopwise's version, as the CLI, the language server and the caches report it. */
export const VERSION = '0.1.0';
