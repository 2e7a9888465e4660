/**
 * The session of one browser tab: sign-in (with the second-factor step), the access token in memory, refreshing it
 * one tab at a time, the idle limit, `fetch` with the bearer token, and the session-management calls.
 * @module session-client
 */
import { ProblemError, SessionEndedError, endReasonOf } from './errors.js';
import { TokenStore } from './token-store.js';
import { TabCoordinator, delay } from './tab-coordination.js';
import { IdleTimer, DEFAULT_IDLE_TIMEOUT_SECONDS } from './idle-timer.js';
import { SessionsApi } from './sessions-api.js';

/** How long a starting tab waits for another tab to hand over its token before refreshing itself. */
const HELLO_WAIT_MS = 250;
/** After a failed refresh (network, 5xx, 429) the next attempt comes this much later. */
const RETRY_MS = 5000;
/**
 * A refresh whose answer may have been lost (network error, 502, 503, 504) is sent again with the same cookie
 * after these pauses: the server may have rotated already, and it answers the same successor only while that
 * successor is unused, so waiting for the next timer (or signing out) would lose the session.
 */
const LOST_ANSWER_RETRIES_MS = [500, 1000, 2000];
const LOST_ANSWER_STATUSES = new Set([502, 503, 504]);
/** A refresh that hangs must not hold the lock (and every other tab) forever. */
const REFRESH_TIMEOUT_MS = 15000;

/** @typedef {import('./errors.js').EndReason} EndReason */
/** @typedef {import('./token-store.js').User} User */
/** @typedef {import('./token-store.js').Token} Token */

/**
 * The first answer of a sign-in for an account with two-factor authentication: no session yet.
 * @typedef {{mfaRequired:true, mfaToken:string, expiresIn:number, methods:string[]}} SecondFactorStep
 */

/**
 * The `detail` of the `ended` event, and the second argument of an {@link SessionClient#onEnded} listener.
 * @typedef {{reason:EndReason, why:string|null, user:User, sessionId:string}} EndedDetail
 */

/** @typedef {{result:'ok'|'ended'|'failed', error?:any}} RefreshOutcome */

/**
 * @typedef {object} SessionClientOptions
 * @property {string} [baseUrl=''] where `/auth/**` and `/sessions/**` live (default: this origin)
 * @property {number} [idleTimeoutSeconds=7200] sign this tab out after this long without user activity (0: never)
 * @property {number} [refreshMarginSeconds] refresh this long before the access token expires (default: a fifth of
 *   its lifetime, between 2 and 60 seconds)
 * @property {string} [channelName='session-client'] BroadcastChannel name shared by the app's tabs
 * @property {string} [lockName='session-client.refresh'] Web Lock name for refreshing
 * @property {typeof fetch} [fetch] fetch implementation (default: the global one)
 * @property {boolean} [useWebLocks=true] set false to use the BroadcastChannel claim protocol instead
 * @property {import('./tab-coordination.js').LockManager|null} [locks] the Web Locks API (default:
 *   `navigator.locks`; for tests)
 */

/**
 * The session of one browser tab. Events (all `CustomEvent`s):
 * - `session`: the tab has a session now, or a different one (sign-in, resume, another tab signed in);
 *   `detail` = `{user, sessionId}`;
 * - `refreshed`: a new access token arrived (own refresh or from another tab); `detail` = `{expiresAt}`;
 * - `ended`: the session ended under this tab; `detail` = {@link EndedDetail}.
 */
export class SessionClient extends EventTarget {
  #baseUrl;
  #fetchImpl;
  #tokens;
  #tabs;
  #idle;
  /** @type {SessionsApi|null} */
  #sessions = null;
  /** Counts sign-outs of this tab, so that a refresh answered after one does not bring the session back. */
  #epoch = 0;
  /** @type {Promise<RefreshOutcome>|null} */
  #refreshing = null;
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  #refreshTimer;
  #acceptingPeerToken = false;
  /** Whether this tab got its token itself (sign-in, refresh) rather than from another tab: it refreshes next. */
  #leading = false;
  /** @type {Set<() => void>} */
  #tokenWaiters = new Set();

  /** @param {SessionClientOptions} [options] */
  constructor(options = {}) {
    super();
    const {
      baseUrl = '',
      idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS,
      refreshMarginSeconds,
      channelName = 'session-client',
      lockName = 'session-client.refresh',
      fetch: fetchImpl = globalThis.fetch.bind(globalThis),
      useWebLocks = true,
      locks = globalThis.navigator?.locks ?? null,
    } = options;
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#fetchImpl = fetchImpl;
    this.#tokens = new TokenStore({ refreshMarginSeconds });
    this.#tabs = new TabCoordinator({
      channelName,
      lockName,
      locks: useWebLocks ? locks : null,
      onMessage: (message) => this.#onMessage(message),
    });
    this.#idle = new IdleTimer({
      idleTimeoutSeconds,
      onIdle: () => this.#end('idle', { tellOthers: false }),
      onVisible: () => this.#onVisible(),
    });
  }

  /**
   * The signed-in user (`{id, email, displayName, roles}`) or null.
   * @returns {User|null}
   */
  get user() { return this.#tokens.current?.user ?? null; }

  /**
   * The id of this tab's session, or null.
   * @returns {string|null}
   */
  get sessionId() { return this.#tokens.current?.sessionId ?? null; }

  /** Whether this tab holds a session. */
  get authenticated() { return this.#tokens.current !== null; }

  /**
   * When the current access token expires (a Date), or null.
   * @returns {Date|null}
   */
  get accessTokenExpiresAt() { return this.#tokens.current ? new Date(this.#tokens.current.expiresAt) : null; }

  /** Where `/auth/**` and `/sessions/**` are reached ('' for this origin). */
  get baseUrl() { return this.#baseUrl; }

  /**
   * The session-management calls of the signed-in user (`GET /sessions`, revoking, reporting, signing out
   * elsewhere, the history, the live event stream).
   * @returns {SessionsApi}
   */
  get sessions() {
    this.#sessions ??= new SessionsApi(this, { fetch: this.#fetchImpl });
    return this.#sessions;
  }

  /**
   * Whether the signed-in user has a role (e.g. `admin`).
   * @param {string} role
   */
  hasRole(role) { return Boolean(this.#tokens.current?.user?.roles?.includes(role)); }

  /**
   * Calls `listener(reason, detail)` each time the session ends under this tab (the `ended` event).
   * @param {(reason:EndReason, detail:EndedDetail) => void} listener
   * @returns {() => void} stops listening
   */
  onEnded(listener) {
    const handler = (/** @type {CustomEvent<EndedDetail>} */ event) => listener(event.detail.reason, event.detail);
    this.addEventListener('ended', /** @type {EventListener} */ (handler));
    return () => this.removeEventListener('ended', /** @type {EventListener} */ (handler));
  }

  /**
   * Resumes the session at app start: takes over the token of another open tab, else refreshes with the
   * httpOnly cookie. Resolves true when the tab has a session, false when there is none to resume.
   * Rejects with a {@link ProblemError} or a TypeError when the backend cannot be reached.
   * @returns {Promise<boolean>}
   */
  async start() {
    if (this.#tokens.current) return true;
    if (this.#tabs.connected) {
      this.#acceptingPeerToken = true;
      try {
        this.#tabs.post({ type: 'hello' });
        await this.#waitForToken(HELLO_WAIT_MS);
      } finally {
        this.#acceptingPeerToken = false;
      }
      if (this.#tokens.current) return true;
    }
    const outcome = await this.#coordinatedRefresh(null);
    if (outcome.result === 'ok') return true;
    if (outcome.result === 'ended') return false;
    throw outcome.error;
  }

  /**
   * Signs in with email and password. Resolves with the user, or, for an account with two-factor authentication,
   * with `{mfaRequired: true, mfaToken, expiresIn, methods}` (then {@link SessionClient#verifySecondFactor});
   * rejects with a {@link ProblemError} (401 wrong email or password, 403 deactivated, 429 throttled with
   * `retryAfterSeconds`, 503 unavailable).
   * @param {{email:string, password:string, rememberMe?:boolean}} credentials
   * @returns {Promise<User|SecondFactorStep>}
   */
  async signIn({ email, password, rememberMe = false }) {
    const response = await this.#postJson('/auth/login', { email, password, rememberMe });
    if (!response.ok) throw await ProblemError.from(response);
    if (response.status === 202) return response.json();
    this.#idle.touch();
    this.#adopt(await response.json());
    return /** @type {User} */ (this.user);
  }

  /**
   * The second step of a sign-in: the `mfaToken` of {@link SessionClient#signIn} and a TOTP or recovery code.
   * Resolves with the user; rejects with a {@link ProblemError} (401 wrong code or expired step, 429 throttled,
   * 403 deactivated).
   * @param {{mfaToken:string, code:string}} step
   * @returns {Promise<User>}
   */
  async verifySecondFactor({ mfaToken, code }) {
    const response = await this.#postJson('/auth/login/mfa', { mfaToken, code });
    if (!response.ok) throw await ProblemError.from(response);
    this.#idle.touch();
    this.#adopt(await response.json());
    return /** @type {User} */ (this.user);
  }

  /**
   * Signs out: ends the session on the server (refresh cookie and bearer token), clears the cookie, forgets
   * the token, and tells the other tabs (they get `ended` with reason `signed-out`).
   * @returns {Promise<void>}
   */
  async signOut() {
    const token = this.#tokens.current;
    try {
      await this.#fetchImpl(this.url('/auth/logout'), {
        method: 'POST',
        credentials: 'include',
        headers: token ? { Authorization: `Bearer ${token.accessToken}` } : {},
      });
    } finally {
      this.forget();
    }
  }

  /**
   * Forgets the session in this tab without calling the server and tells the other tabs it ended (done for you by
   * `sessions.signOutAll()`). No `ended` event in this tab: the app chose this.
   */
  forget() {
    const sessionId = this.sessionId;
    this.#clear();
    if (sessionId) this.#tabs.post({ type: 'ended', sessionId, reason: 'signed-out' });
  }

  /**
   * The current access token, refreshed first when it is about to expire. For what `fetch` cannot do
   * (e.g. a WebSocket handshake, a stream). Rejects with {@link SessionEndedError} when there is no session.
   * @returns {Promise<string>}
   */
  async accessToken() {
    await this.#ensureFresh();
    return /** @type {Token} */ (this.#tokens.current).accessToken;
  }

  /**
   * `fetch` with `Authorization: Bearer <access token>`. A 401 gets one refresh and one retry (so use a
   * replayable body: a string, FormData, Blob...); if the refresh is refused the session has ended: `ended`
   * is dispatched and the promise rejects with {@link SessionEndedError}. Other answers are returned as they are.
   * @param {RequestInfo|URL} input
   * @param {RequestInit} [init]
   * @returns {Promise<Response>}
   */
  async fetch(input, init = {}) {
    await this.#ensureFresh();
    const sent = /** @type {Token} */ (this.#tokens.current).accessToken;
    const response = await this.#send(input, init, sent);
    if (response.status !== 401) return response;
    if (!this.#tokens.current) throw new SessionEndedError('none');
    const why = await endReasonOf(response);
    const outcome = await this.#coordinatedRefresh(sent);
    if (outcome.result === 'failed') return response;
    if (outcome.result === 'ended') throw this.#end('expired', { why });
    const retried = await this.#send(input, init, /** @type {Token} */ (this.#tokens.current).accessToken);
    if (retried.status === 401) throw this.#end('expired', { why: await endReasonOf(retried) });
    return retried;
  }

  /**
   * Ends the session in this tab because the server said it ended (e.g. the `session-ended` event of
   * `GET /sessions/events`): dispatches `ended` with reason `expired` and `why`, the server's reason
   * (`ADMIN_LOGOUT`, `IDLE`, `SIGNED_OUT`...), and tells the other tabs. Ignored for another session than this tab's.
   * @param {string} sessionId the session the server says ended
   * @param {string|null} why the server's reason
   */
  endedByServer(sessionId, why) {
    if (this.#tokens.current && this.#tokens.current.sessionId === sessionId) this.#end('expired', { why });
  }

  /**
   * Refreshes the access token now (coordinated with the other tabs). Resolves true on success.
   * @returns {Promise<boolean>}
   */
  async refresh() {
    const outcome = await this.#coordinatedRefresh(this.#tokens.current?.accessToken ?? null);
    if (outcome.result === 'ended' && this.#tokens.current) this.#end('expired');
    return outcome.result === 'ok';
  }

  /** Stops timers and listeners and closes the channel (for tests and apps that unmount the client). */
  dispose() {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = undefined;
    this.#tokens.current = null;
    this.#idle.dispose();
    this.#tabs.close();
  }

  /**
   * A backend path with the base URL in front.
   * @param {string} path
   */
  url(path) { return this.#baseUrl + path; }

  // ---- tokens ---------------------------------------------------------------------------------------

  /** @param {string} path @param {object} body */
  #postJson(path, body) {
    return this.#fetchImpl(this.url(path), {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** @param {RequestInfo|URL} input @param {RequestInit} init @param {string} accessToken */
  #send(input, init, accessToken) {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('Authorization', `Bearer ${accessToken}`);
    return this.#fetchImpl(input, { ...init, headers });
  }

  async #ensureFresh() {
    const token = this.#tokens.current;
    if (!token) throw new SessionEndedError('none');
    if (!this.#tokens.tooOldToSend()) return;
    const outcome = await this.#coordinatedRefresh(token.accessToken);
    if (outcome.result === 'ended') throw this.#end('expired');
    if (outcome.result === 'failed') throw outcome.error;
  }

  /**
   * Takes a token body from login or refresh and hands it to the other tabs.
   * @param {{accessToken:string, expiresIn:number, sessionId:string, user:User}} body
   */
  #adopt(body) {
    this.#install(TokenStore.fromBody(body), { fromPeer: false });
    this.#tabs.post({ type: 'token', token: this.#tokens.current });
  }

  /**
   * @param {Token} token
   * @param {{fromPeer:boolean}} origin whether another tab got it (this one then leaves the next refresh to that tab)
   */
  #install(token, { fromPeer }) {
    const previous = this.#tokens.current;
    this.#tokens.current = token;
    this.#leading = !fromPeer;
    this.#scheduleRefresh();
    this.#idle.arm();
    for (const resolve of this.#tokenWaiters) resolve();
    this.#tokenWaiters.clear();
    if (!previous || previous.sessionId !== token.sessionId || previous.user?.id !== token.user?.id) {
      this.dispatchEvent(new CustomEvent('session', { detail: { user: token.user, sessionId: token.sessionId } }));
    }
    this.dispatchEvent(new CustomEvent('refreshed', { detail: { expiresAt: new Date(token.expiresAt) } }));
  }

  #scheduleRefresh() {
    clearTimeout(this.#refreshTimer);
    const token = this.#tokens.current;
    if (!token) return;
    const margin = this.#tokens.marginFor(token);
    // The tab that got the token refreshes it; the others wait until half the margin is left, by when its next token
    // has reached them, so that usually one tab alone reaches for the lock. The claim protocol cannot keep apart two
    // tabs that claim within one message's delivery time (seen in Chromium on a loaded machine: two refreshes at
    // once); a tab whose refresher went away still refreshes before the expiry. A little spread keeps tabs of one
    // role from reaching for the lock in the same millisecond.
    const spread = Math.random() * Math.min(1000, margin / 8);
    const due = this.#leading ? margin + spread : margin / 2 - spread;
    const wait = Math.max(0, token.expiresAt - due - Date.now());
    this.#refreshTimer = setTimeout(() => this.#refreshOnTimer(), wait);
  }

  async #refreshOnTimer() {
    const token = this.#tokens.current;
    if (!token) return;
    const outcome = await this.#coordinatedRefresh(token.accessToken);
    if (!this.#tokens.current || this.#tokens.current.sessionId !== token.sessionId) return;
    if (outcome.result === 'ended') {
      this.#end('expired');
    } else if (outcome.result === 'failed') {
      clearTimeout(this.#refreshTimer);
      this.#refreshTimer = setTimeout(() => this.#refreshOnTimer(), RETRY_MS);
    }
  }

  /**
   * Makes sure this tab holds a token newer than `stale` (null: any token), refreshing at most once in this tab
   * at a time and in one tab at a time across the browser.
   * @param {string|null} stale
   * @returns {Promise<RefreshOutcome>}
   */
  #coordinatedRefresh(stale) {
    if (!this.#refreshing) {
      this.#refreshing = this.#tabs.exclusive({
        satisfied: () => this.#tokens.holdsNewerThan(stale),
        waitForPeer: (ms) => this.#waitForToken(ms, stale),
        run: () => this.#refreshNow(),
        done: { result: 'ok' },
      }).finally(() => { this.#refreshing = null; });
    }
    return this.#refreshing;
  }

  /** @returns {Promise<RefreshOutcome>} */
  async #refreshNow() {
    const epoch = this.#epoch;
    let attempt = await this.#postRefresh();
    for (const pause of LOST_ANSWER_RETRIES_MS) {
      if (!attempt.lost || epoch !== this.#epoch) break;
      await delay(pause);
      if (epoch !== this.#epoch) break;
      attempt = await this.#postRefresh();
    }
    if (epoch !== this.#epoch) return { result: 'ended' };
    if (attempt.error) return { result: 'failed', error: attempt.error };
    const { response, body } = attempt;
    if (response.ok) {
      this.#adopt(body);
      return { result: 'ok' };
    }
    // 401: no live session behind the cookie; 403: the server refuses this origin, nothing to retry
    if (response.status === 401 || response.status === 403) return { result: 'ended' };
    return { result: 'failed', error: body };
  }

  /**
   * One `POST /auth/refresh`: `{response, body}`, or `{error}` when no answer arrived; `lost` when the answer may
   * have been lost on the way (so the same cookie is worth sending again at once).
   * @returns {Promise<{response?:any, body?:any, error?:any, lost:boolean}>}
   */
  async #postRefresh() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REFRESH_TIMEOUT_MS);
    try {
      const response = await this.#fetchImpl(this.url('/auth/refresh'), {
        method: 'POST',
        credentials: 'include',
        headers: { Accept: 'application/json' },
        signal: abort.signal,
      });
      // the body is read in every case, so that the request is complete before the timer is cleared
      const body = response.ok ? await response.json() : await ProblemError.from(response);
      return { response, body, lost: LOST_ANSWER_STATUSES.has(response.status) };
    } catch (error) {
      return { error, lost: true };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Resolves when a token newer than `stale` arrives (from this tab or another), or after `ms`.
   * @param {number} ms
   * @param {string|null} [stale]
   * @returns {Promise<void>}
   */
  #waitForToken(ms, stale = null) {
    if (this.#tokens.holdsNewerThan(stale)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.#tokenWaiters.delete(done); resolve(); };
      const timer = setTimeout(done, ms);
      this.#tokenWaiters.add(done);
    });
  }

  // ---- tabs -----------------------------------------------------------------------------------------

  /** @param {any} message a message of another tab */
  #onMessage(message) {
    const token = this.#tokens.current;
    switch (message?.type) {
      case 'hello':
        if (token && !this.#tokens.dueForRefresh(token)) this.#tabs.post({ type: 'token', token });
        break;
      case 'token':
        if (!this.#tokens.acceptsPeerToken(message.token)) break;
        // a signed-out tab (idle, ended) does not come back to life because another tab refreshed
        if (!token && !this.#acceptingPeerToken) break;
        this.#install(message.token, { fromPeer: true });
        break;
      case 'ended':
        if (token && token.sessionId === message.sessionId) {
          this.#end(message.reason === 'signed-out' ? 'signed-out' : 'expired',
            { tellOthers: false, why: message.why ?? null });
        }
        break;
      default:
        break;
    }
  }

  // ---- idle and ending ------------------------------------------------------------------------------

  #onVisible() {
    const token = this.#tokens.current;
    if (!token) return;
    // timers of hidden tabs are throttled: catch up on the idle limit and the refresh now
    this.#idle.arm();
    if (this.#tokens.current && this.#tokens.dueForRefresh(this.#tokens.current)) this.#refreshOnTimer();
  }

  #clear() {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = undefined;
    this.#idle.disarm();
    this.#tokens.current = null;
    this.#epoch += 1;
  }

  /**
   * Ends the session in this tab, dispatches `ended` once, and returns the error for the caller to throw.
   * @param {EndReason} reason
   * @param {{tellOthers?:boolean, why?:string|null}} [options]
   */
  #end(reason, { tellOthers = true, why = null } = {}) {
    const token = this.#tokens.current;
    if (!token) return new SessionEndedError(reason);
    this.#clear();
    if (tellOthers && reason !== 'idle') this.#tabs.post({ type: 'ended', sessionId: token.sessionId, reason, why });
    this.dispatchEvent(new CustomEvent('ended',
      { detail: { reason, why, user: token.user, sessionId: token.sessionId } }));
    return new SessionEndedError(reason);
  }
}
