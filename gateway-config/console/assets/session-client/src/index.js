/**
 * @sessions/spa-client: the browser side of the session backend for single-page apps. No dependencies, no build
 * step: plain ES modules.
 *
 *   import { SessionClient, idleTimeoutFromPage } from '@sessions/spa-client';
 *   const client = new SessionClient({ idleTimeoutSeconds: idleTimeoutFromPage() });
 *   client.onEnded((reason) => showExpiredBanner(reason));
 *   if (!(await client.start())) showSignIn();
 *   const stop = client.sessions.follow({ onChanged: reloadSessionList });
 *
 * @module @sessions/spa-client
 */
export { SessionClient } from './session-client.js';
export { SessionsApi } from './sessions-api.js';
export { SessionEndedError, ProblemError } from './errors.js';
export { idleTimeoutFromPage, DEFAULT_IDLE_TIMEOUT_SECONDS } from './idle-timer.js';
export { followSessionEvents, readEventStream, DEFAULT_RETRY_DELAYS_MS } from './events.js';

/** @typedef {import('./session-client.js').SessionClientOptions} SessionClientOptions */
/** @typedef {import('./session-client.js').EndedDetail} EndedDetail */
/** @typedef {import('./session-client.js').SecondFactorStep} SecondFactorStep */
/** @typedef {import('./errors.js').EndReason} EndReason */
/** @typedef {import('./errors.js').Problem} Problem */
/** @typedef {import('./token-store.js').User} User */
/** @typedef {import('./sessions-api.js').Session} Session */
/** @typedef {import('./sessions-api.js').HistoryPage} HistoryPage */
/** @typedef {import('./events.js').SessionEventHandlers} SessionEventHandlers */
