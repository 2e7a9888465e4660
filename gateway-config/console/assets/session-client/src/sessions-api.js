/**
 * The signed-in user's own sessions (contract, "Sessions" and "Live sessions"): the list, revoking one, reporting
 * one, signing out elsewhere or everywhere, the history, and the live event stream. Reached as `client.sessions`.
 * @module sessions-api
 */
import { ProblemError } from './errors.js';
import { followSessionEvents } from './events.js';

/**
 * One live session, as `GET /sessions` lists it (see the contract for every member).
 * @typedef {{id:string, current:boolean, createdAt:string, lastActivityAt:string, flags?:string[]}
 *   & Record<string, any>} Session
 */

/**
 * One page of the history: the events, newest first, and `next`, the cursor of the next page (null on the last).
 * @typedef {{events:Array<Record<string, any>>, next:string|null}} HistoryPage
 */

const enc = encodeURIComponent;

export class SessionsApi {
  #client;
  #fetchImpl;

  /**
   * @param {import('./session-client.js').SessionClient} client
   * @param {{fetch?: typeof fetch}} [options] the fetch implementation for the event stream
   */
  constructor(client, { fetch: fetchImpl = globalThis.fetch.bind(globalThis) } = {}) {
    this.#client = client;
    this.#fetchImpl = fetchImpl;
  }

  /**
   * `GET /sessions`: the user's live sessions; the one of this tab has `current: true`.
   * @returns {Promise<Session[]>}
   */
  list() { return this.#call('GET', '/sessions'); }

  /**
   * `DELETE /sessions/{id}`: ends one of the user's sessions (that device is signed out on its next action).
   * @param {string} sessionId
   * @returns {Promise<void>}
   */
  async revoke(sessionId) { await this.#call('DELETE', `/sessions/${enc(sessionId)}`); }

  /**
   * `POST /sessions/{id}/report`: "this was not me": revokes the session and reports it to the administrators
   * (not the current session: 400; not one of the user's live sessions: 404).
   * @param {string} sessionId
   * @param {string} [note] what the user wants the administrators to know (at most 1,000 characters)
   * @returns {Promise<{reportId:string}>}
   */
  report(sessionId, note) { return this.#call('POST', `/sessions/${enc(sessionId)}/report`, note ? { note } : {}); }

  /**
   * `DELETE /sessions?scope=others`: ends every session of the user but this tab's.
   * @returns {Promise<{revoked:number}>}
   */
  signOutOthers() { return this.#call('DELETE', '/sessions?scope=others'); }

  /**
   * `DELETE /sessions?scope=all`: ends every session of the user, this tab's included; then forgets it here and
   * tells the other tabs (no `ended` event in this tab: the app chose this).
   * @returns {Promise<{revoked:number}>}
   */
  async signOutAll() {
    const answer = await this.#call('DELETE', '/sessions?scope=all');
    this.#client.forget();
    return answer;
  }

  /**
   * `GET /sessions/history`: the user's recent security events, newest first, a page at a time.
   * @param {{before?:string|null, limit?:number}} [page] `before`: the `next` of the previous page
   * @returns {Promise<HistoryPage>}
   */
  history({ before = null, limit = 20 } = {}) {
    return this.#call('GET', `/sessions/history?limit=${limit}${before ? `&before=${enc(before)}` : ''}`);
  }

  /**
   * Follows `GET /sessions/events` while the client has a session, reconnecting with a growing pause; when the
   * server says this tab's session ended, the client ends it (the `ended` event, `onEnded`).
   * @param {import('./events.js').SessionEventHandlers} [handlers]
   * @param {{retryDelaysMs?:number[]}} [options]
   * @returns {() => void} stops following
   */
  follow(handlers = {}, options = {}) {
    return followSessionEvents(this.#client, handlers, { ...options, fetch: this.#fetchImpl });
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {object} [body]
   */
  async #call(method, path, body) {
    /** @type {RequestInit & {headers: Record<string, string>}} */
    const init = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await this.#client.fetch(this.#client.url(path), init);
    if (!response.ok) throw await ProblemError.from(response);
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
}
