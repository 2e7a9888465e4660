/**
 * The access token of one tab, in memory only: never in `localStorage`, `sessionStorage`, IndexedDB or a readable
 * cookie. The refresh token is the httpOnly cookie, which script cannot read at all.
 * @module token-store
 */

/**
 * The signed-in user as the backend describes it.
 * @typedef {{id:string, email:string, displayName?:string|null, roles?:string[]}} User
 */

/**
 * A token as one tab holds it and hands it to the others.
 * @typedef {{accessToken:string, expiresAt:number, ttlMs:number, sessionId:string, user:User}} Token
 */

/** A token this close to its expiry is refreshed before a request is sent with it. */
export const SEND_SLACK_MS = 2000;

export class TokenStore {
  /** @type {Token|null} */
  #token = null;
  /** @type {number|null} */
  #marginMs;

  /**
   * @param {{refreshMarginSeconds?:number|null}} [options] refresh this long before expiry (default: a fifth of the
   *   token's lifetime, between 2 and 60 seconds)
   */
  constructor({ refreshMarginSeconds = null } = {}) {
    this.#marginMs = refreshMarginSeconds != null ? refreshMarginSeconds * 1000 : null;
  }

  /** @returns {Token|null} */
  get current() { return this.#token; }

  /** @param {Token|null} token */
  set current(token) { this.#token = token; }

  /**
   * The token of a sign-in or refresh answer (`{accessToken, expiresIn, sessionId, user}`), timed from now.
   * @param {{accessToken:string, expiresIn:number, sessionId:string, user:User}} body
   * @returns {Token}
   */
  static fromBody(body, now = Date.now()) {
    const ttlMs = Math.max(1, Number(body.expiresIn)) * 1000;
    return { accessToken: body.accessToken, expiresAt: now + ttlMs, ttlMs, sessionId: body.sessionId, user: body.user };
  }

  /**
   * How long before its expiry a token is refreshed.
   * @param {Token} token
   */
  marginFor(token) {
    return this.#marginMs ?? Math.min(60_000, Math.max(2000, token.ttlMs / 5));
  }

  /**
   * Whether a token is within its refresh margin of expiry.
   * @param {Token} token
   */
  dueForRefresh(token, now = Date.now()) { return now >= token.expiresAt - this.marginFor(token); }

  /** Whether the token held is missing or too close to its expiry to be sent. */
  tooOldToSend(now = Date.now()) { return this.#token === null || this.#token.expiresAt - now <= SEND_SLACK_MS; }

  /**
   * Whether this tab holds a usable token other than `stale` (null: any token).
   * @param {string|null} stale
   */
  holdsNewerThan(stale) {
    return this.#token !== null && this.#token.accessToken !== stale && !this.dueForRefresh(this.#token);
  }

  /**
   * Whether a token from another tab is worth taking instead of the one held.
   * @param {Token} token
   */
  acceptsPeerToken(token, now = Date.now()) {
    if (!token?.accessToken || !(token.expiresAt > now)) return false;
    return !(this.#token && this.#token.sessionId === token.sessionId && this.#token.expiresAt >= token.expiresAt);
  }
}
