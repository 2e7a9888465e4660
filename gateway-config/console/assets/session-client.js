/**
 * The former single-file client, kept at its old address for apps (and tests) that import
 * `/assets/session-client.js`: it is now the package `@sessions/spa-client` in `session-client/` (see its README).
 */
export * from './session-client/src/index.js';
