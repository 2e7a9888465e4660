/**
 * session-client.js: a small browser client for the session backend (no dependencies, no build step).
 *
 * What it does for a single-page app:
 * - keeps the access token in memory only (never in localStorage, sessionStorage or a readable cookie);
 * - attaches it to your API calls (`client.fetch`);
 * - refreshes it shortly before it expires with `POST /auth/refresh` (the refresh token is an httpOnly cookie
 *   the browser sends by itself), one tab at a time: a Web Lock (BroadcastChannel claims where Web Locks are
 *   missing) makes sure only one tab refreshes, and the new token is shared with the other tabs over a
 *   BroadcastChannel so they need not refresh again;
 * - resumes the session when the app starts (asks the other tabs for their token, else refreshes);
 * - turns a 401 that a refresh cannot cure into an `ended` event ("your session has expired");
 * - signs a tab out after a period without user activity in it (2 hours by default), in that tab only.
 *
 * Usage:
 *
 *   import { SessionClient, idleTimeoutFromPage } from '/assets/session-client.js';
 *   const client = new SessionClient({ idleTimeoutSeconds: idleTimeoutFromPage() });
 *   client.addEventListener('ended', (e) => showExpiredBanner(e.detail.reason));
 *   if (!(await client.start())) showSignIn();
 *   const response = await client.fetch('/api/whoami');
 *
 * See docs/spa-client.md for the whole API.
 *
 * @module session-client
 */

/** Default idle limit of a tab: 2 hours without user activity. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 2 * 60 * 60;

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];
/** How long a starting tab waits for another tab to hand over its token before refreshing itself. */
const HELLO_WAIT_MS = 250;
/** How long a tab waits for the token of the tab that holds the refresh lock (or claimed the refresh). */
const PEER_REFRESH_WAIT_MS = 5000;
/** A token this close to its expiry is refreshed before a request is sent with it. */
const SEND_SLACK_MS = 2000;
/** After a failed refresh (network, 5xx, 429) the next attempt comes this much later. */
const RETRY_MS = 5000;
/**
 * A refresh whose answer may have been lost (network error, 502, 503, 504) is sent again with the same cookie
 * after these pauses: the server may have rotated already, and it answers the same successor only while that
 * successor is unused, so waiting for the next timer (or signing out) would lose the session.
 */
const LOST_ANSWER_RETRIES_MS = [500, 1000, 2000];
const LOST_ANSWER_STATUSES = new Set([502, 503, 504]);
/** The fallback claim protocol: how long a tab listens for competing claims before it refreshes. */
const CLAIM_SETTLE_MS = 60;
/** A refresh that hangs must not hold the lock (and every other tab) forever. */
const REFRESH_TIMEOUT_MS = 15000;

/**
 * Why a session ended in this tab, as `event.detail.reason` of the `ended` event and `error.reason` of a
 * {@link SessionEndedError}.
 * - `expired`: the server refused the session (revoked elsewhere, signed out by an administrator, expired);
 * - `idle`: this tab saw no user activity for the configured limit (the session itself lives on);
 * - `signed-out`: the user signed out, or signed out of all devices, in another tab.
 * @typedef {'expired'|'idle'|'signed-out'} EndReason
 */

/** Thrown by {@link SessionClient#fetch} when there is no session (any more) to send the request with. */
export class SessionEndedError extends Error {
  /** @param {EndReason|'none'} reason */
  constructor(reason) {
    super(reason === 'none' ? 'Not signed in' : `Session ended (${reason})`);
    this.name = 'SessionEndedError';
    this.reason = reason;
  }
}

/** An error answer of the backend, carrying its RFC 9457 problem document. */
export class ProblemError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {{type?:string,title?:string,status?:number,detail?:string}} problem the problem document (may be empty)
   * @param {number|null} retryAfterSeconds the `Retry-After` header, when there is one
   */
  constructor(status, problem, retryAfterSeconds = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Reads a problem document (or anything) from a failed response. */
  static async from(response) {
    let problem = {};
    try {
      const body = await response.json();
      if (body && typeof body === 'object') problem = body;
    } catch {
      // not JSON: the status alone has to do
    }
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return new ProblemError(response.status, problem, Number.isFinite(retryAfter) ? retryAfter : null);
  }
}

/**
 * The idle limit configured for this page: `<meta name="idle-timeout-seconds" content="...">`, else 2 hours. The
 * query parameter `idle-timeout-seconds` can only shorten it (tests, kiosks): a link must not be able to switch the
 * idle sign-out off or lengthen it.
 * @returns {number} seconds
 */
export function idleTimeoutFromPage(doc = globalThis.document, loc = globalThis.location) {
  const positive = (text) => {
    const seconds = text != null && text !== '' ? Number(text) : NaN;
    return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  };
  const configured = positive(doc?.querySelector('meta[name="idle-timeout-seconds"]')?.getAttribute('content'))
    ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
  const requested = positive(loc ? new URLSearchParams(loc.search).get('idle-timeout-seconds') : null);
  return requested !== null && requested < configured ? requested : configured;
}

/**
 * The session of one browser tab. Events (all `CustomEvent`s):
 * - `session`: the tab has a session now, or a different one (sign-in, resume, another tab signed in);
 *   `detail` = `{user, sessionId}`;
 * - `refreshed`: a new access token arrived (own refresh or from another tab); `detail` = `{expiresAt}`;
 * - `ended`: the session ended under this tab; `detail` = `{reason, user, sessionId}` (see {@link EndReason}).
 */
export class SessionClient extends EventTarget {
  #baseUrl;
  #fetchImpl;
  #idleMs;
  #marginMs;
  #lockName;
  #locks;
  #channel = null;
  #tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);

  /** @type {{accessToken:string, expiresAt:number, ttlMs:number, sessionId:string, user:object}|null} */
  #token = null;
  /** Counts sign-outs of this tab, so that a refresh answered after one does not bring the session back. */
  #epoch = 0;
  #refreshing = null;
  #refreshTimer = null;
  #idleTimer = null;
  #lastActivity = Date.now();
  #acceptingPeerToken = false;
  #tokenWaiters = new Set();
  #claims = new Map();
  #activityListener = () => { this.#lastActivity = Date.now(); };
  #visibilityListener = () => this.#onVisible();
  #messageListener = (event) => this.#onMessage(event.data);

  /**
   * @param {object} [options]
   * @param {string} [options.baseUrl=''] where `/auth/**` lives (default: this origin)
   * @param {number} [options.idleTimeoutSeconds=7200] sign this tab out after this long without user activity
   *   (0 turns it off)
   * @param {number} [options.refreshMarginSeconds] refresh this long before the access token expires
   *   (default: a fifth of its lifetime, between 2 and 60 seconds)
   * @param {string} [options.channelName='session-client'] BroadcastChannel name shared by the app's tabs
   * @param {string} [options.lockName='session-client.refresh'] Web Lock name for refreshing
   * @param {typeof fetch} [options.fetch] fetch implementation (default: the global one)
   * @param {boolean} [options.useWebLocks=true] set false to use the BroadcastChannel claim protocol instead
   */
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
    } = options;
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#fetchImpl = fetchImpl;
    this.#idleMs = idleTimeoutSeconds > 0 ? idleTimeoutSeconds * 1000 : 0;
    this.#marginMs = refreshMarginSeconds != null ? refreshMarginSeconds * 1000 : null;
    this.#lockName = lockName;
    this.#locks = useWebLocks ? globalThis.navigator?.locks ?? null : null;
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(channelName);
      this.#channel.addEventListener('message', this.#messageListener);
    }
    for (const type of ACTIVITY_EVENTS) {
      globalThis.addEventListener?.(type, this.#activityListener, { capture: true, passive: true });
    }
    globalThis.document?.addEventListener('visibilitychange', this.#visibilityListener);
  }

  /** The signed-in user (`{id, email, displayName, roles}`) or null. */
  get user() { return this.#token?.user ?? null; }

  /** The id of this tab's session, or null. */
  get sessionId() { return this.#token?.sessionId ?? null; }

  /** Whether this tab holds a session. */
  get authenticated() { return this.#token !== null; }

  /** When the current access token expires (a Date), or null. */
  get accessTokenExpiresAt() { return this.#token ? new Date(this.#token.expiresAt) : null; }

  /** Whether the signed-in user has a role (e.g. `admin`). */
  hasRole(role) { return Boolean(this.#token?.user?.roles?.includes(role)); }

  /**
   * Resumes the session at app start: takes over the token of another open tab, else refreshes with the
   * httpOnly cookie. Resolves true when the tab has a session, false when there is none to resume.
   * Rejects with a {@link ProblemError} or a TypeError when the backend cannot be reached.
   */
  async start() {
    if (this.#token) return true;
    if (this.#channel) {
      this.#acceptingPeerToken = true;
      try {
        this.#post({ type: 'hello' });
        await this.#waitForToken(HELLO_WAIT_MS);
      } finally {
        this.#acceptingPeerToken = false;
      }
      if (this.#token) return true;
    }
    const outcome = await this.#coordinatedRefresh(null);
    if (outcome.result === 'ok') return true;
    if (outcome.result === 'ended') return false;
    throw outcome.error;
  }

  /**
   * Signs in with email and password. Resolves with the user, or, for an account with two-factor authentication,
   * with `{mfaRequired: true, mfaToken, expiresIn, methods}` (then {@link verifySecondFactor}); rejects with a
   * {@link ProblemError} (401 wrong email or password, 403 deactivated, 429 throttled with `retryAfterSeconds`,
   * 503 unavailable).
   * @param {{email:string, password:string, rememberMe?:boolean}} credentials
   */
  async signIn({ email, password, rememberMe = false }) {
    const response = await this.#fetchImpl(this.#url('/auth/login'), {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email, password, rememberMe }),
    });
    if (!response.ok) throw await ProblemError.from(response);
    if (response.status === 202) return response.json();
    this.#lastActivity = Date.now();
    this.#adopt(await response.json(), { share: true });
    return this.user;
  }

  /**
   * The second step of a sign-in: the `mfaToken` of {@link signIn} and a TOTP or recovery code. Resolves with the
   * user; rejects with a {@link ProblemError} (401 wrong code or expired step, 429 throttled, 403 deactivated).
   * @param {{mfaToken:string, code:string}} step
   */
  async verifySecondFactor({ mfaToken, code }) {
    const response = await this.#fetchImpl(this.#url('/auth/login/mfa'), {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ mfaToken, code }),
    });
    if (!response.ok) throw await ProblemError.from(response);
    this.#lastActivity = Date.now();
    this.#adopt(await response.json(), { share: true });
    return this.user;
  }

  /**
   * Signs out: ends the session on the server (refresh cookie and bearer token), clears the cookie, forgets
   * the token, and tells the other tabs (they get `ended` with reason `signed-out`).
   */
  async signOut() {
    const token = this.#token;
    try {
      await this.#fetchImpl(this.#url('/auth/logout'), {
        method: 'POST',
        credentials: 'include',
        headers: token ? { Authorization: `Bearer ${token.accessToken}` } : {},
      });
    } finally {
      this.forget();
    }
  }

  /**
   * Forgets the session in this tab without calling the server and tells the other tabs it ended
   * (use it after `DELETE /sessions?scope=all`). No `ended` event in this tab: the app chose this.
   */
  forget() {
    const sessionId = this.sessionId;
    this.#clear();
    if (sessionId) this.#post({ type: 'ended', sessionId, reason: 'signed-out' });
  }

  /**
   * The current access token, refreshed first when it is about to expire. For what `fetch` cannot do
   * (e.g. a WebSocket handshake). Rejects with {@link SessionEndedError} when there is no session.
   */
  async accessToken() {
    await this.#ensureFresh();
    return this.#token.accessToken;
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
    const sent = this.#token.accessToken;
    const response = await this.#send(input, init, sent);
    if (response.status !== 401) return response;
    if (!this.#token) throw new SessionEndedError('none');
    const why = await endReasonOf(response);
    const outcome = await this.#coordinatedRefresh(sent);
    if (outcome.result === 'failed') return response;
    if (outcome.result === 'ended') throw this.#end('expired', { why });
    const retried = await this.#send(input, init, this.#token.accessToken);
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
    if (this.#token && this.#token.sessionId === sessionId) this.#end('expired', { why });
  }

  /** Refreshes the access token now (coordinated with the other tabs). Resolves true on success. */
  async refresh() {
    const outcome = await this.#coordinatedRefresh(this.#token?.accessToken ?? null);
    if (outcome.result === 'ended' && this.#token) this.#end('expired');
    return outcome.result === 'ok';
  }

  /** Stops timers and listeners (for tests and apps that unmount the client). */
  dispose() {
    this.#clearTimers();
    this.#token = null;
    for (const type of ACTIVITY_EVENTS) {
      globalThis.removeEventListener?.(type, this.#activityListener, { capture: true });
    }
    globalThis.document?.removeEventListener('visibilitychange', this.#visibilityListener);
    this.#channel?.removeEventListener('message', this.#messageListener);
    this.#channel?.close();
    this.#channel = null;
  }

  // ---- tokens ---------------------------------------------------------------------------------------

  #url(path) { return this.#baseUrl + path; }

  #send(input, init, accessToken) {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('Authorization', `Bearer ${accessToken}`);
    return this.#fetchImpl(input, { ...init, headers });
  }

  async #ensureFresh() {
    if (!this.#token) throw new SessionEndedError('none');
    if (this.#token.expiresAt - Date.now() > SEND_SLACK_MS) return;
    const outcome = await this.#coordinatedRefresh(this.#token.accessToken);
    if (outcome.result === 'ended') throw this.#end('expired');
    if (outcome.result === 'failed') throw outcome.error;
  }

  /** Takes a token body from login or refresh. */
  #adopt(body, { share }) {
    const ttlMs = Math.max(1, Number(body.expiresIn)) * 1000;
    this.#install({
      accessToken: body.accessToken,
      expiresAt: Date.now() + ttlMs,
      ttlMs,
      sessionId: body.sessionId,
      user: body.user,
    });
    if (share) this.#post({ type: 'token', token: this.#token });
  }

  #install(token) {
    const previous = this.#token;
    this.#token = token;
    this.#scheduleRefresh();
    this.#scheduleIdleCheck();
    for (const resolve of this.#tokenWaiters) resolve();
    this.#tokenWaiters.clear();
    if (!previous || previous.sessionId !== token.sessionId || previous.user?.id !== token.user?.id) {
      this.dispatchEvent(new CustomEvent('session', { detail: { user: token.user, sessionId: token.sessionId } }));
    }
    this.dispatchEvent(new CustomEvent('refreshed', { detail: { expiresAt: new Date(token.expiresAt) } }));
  }

  #marginFor(token) {
    return this.#marginMs ?? Math.min(60_000, Math.max(2000, token.ttlMs / 5));
  }

  /** Whether a token is within its refresh margin of expiry. */
  #dueForRefresh(token) { return Date.now() >= token.expiresAt - this.#marginFor(token); }

  #scheduleRefresh() {
    clearTimeout(this.#refreshTimer);
    if (!this.#token) return;
    const margin = this.#marginFor(this.#token);
    // a little spread so that tabs sharing one token do not all reach for the lock in the same millisecond
    const spread = Math.random() * Math.min(1000, margin / 4);
    const delay = Math.max(0, this.#token.expiresAt - margin - spread - Date.now());
    this.#refreshTimer = setTimeout(() => this.#refreshOnTimer(), delay);
  }

  async #refreshOnTimer() {
    const token = this.#token;
    if (!token) return;
    const outcome = await this.#coordinatedRefresh(token.accessToken);
    if (!this.#token || this.#token.sessionId !== token.sessionId) return;
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
   * @returns {Promise<{result:'ok'|'ended'|'failed', error?:Error}>}
   */
  #coordinatedRefresh(stale) {
    if (!this.#refreshing) {
      this.#refreshing = this.#refreshAcrossTabs(stale).finally(() => { this.#refreshing = null; });
    }
    return this.#refreshing;
  }

  #holdsNewerToken(stale) {
    return this.#token !== null && this.#token.accessToken !== stale && !this.#dueForRefresh(this.#token);
  }

  async #refreshAcrossTabs(stale) {
    const ok = { result: 'ok' };
    if (this.#locks) {
      const first = await this.#locks.request(this.#lockName, { ifAvailable: true },
        (lock) => (lock ? (this.#holdsNewerToken(stale) ? ok : this.#refreshNow()) : null));
      if (first) return first;
      // another tab is refreshing: its token usually arrives before the lock is ours
      await this.#waitForToken(PEER_REFRESH_WAIT_MS, stale);
      if (this.#holdsNewerToken(stale)) return ok;
      return this.#locks.request(this.#lockName, () => (this.#holdsNewerToken(stale) ? ok : this.#refreshNow()));
    }
    if (this.#channel) {
      const claim = { type: 'claim', tab: this.#tabId, at: Date.now() };
      this.#post(claim);
      await delay(CLAIM_SETTLE_MS);
      // a claim older than the wait is from a tab that went away mid-refresh
      const rival = [...this.#claims.values()].find((c) => claim.at - c.at < PEER_REFRESH_WAIT_MS
        && (c.at < claim.at || (c.at === claim.at && c.tab < claim.tab)));
      if (rival) {
        await this.#waitForToken(PEER_REFRESH_WAIT_MS, stale);
        if (this.#holdsNewerToken(stale)) return ok;
      }
      try {
        return this.#holdsNewerToken(stale) ? ok : await this.#refreshNow();
      } finally {
        this.#post({ type: 'claim-done', tab: this.#tabId });
      }
    }
    return this.#refreshNow();
  }

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
      this.#adopt(body, { share: true });
      return { result: 'ok' };
    }
    // 401: no live session behind the cookie; 403: the server refuses this origin, nothing to retry
    if (response.status === 401 || response.status === 403) return { result: 'ended' };
    return { result: 'failed', error: body };
  }

  /**
   * One `POST /auth/refresh`: `{response, body}`, or `{error}` when no answer arrived; `lost` when the answer may
   * have been lost on the way (so the same cookie is worth sending again at once).
   */
  async #postRefresh() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REFRESH_TIMEOUT_MS);
    try {
      const response = await this.#fetchImpl(this.#url('/auth/refresh'), {
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

  #waitForToken(ms, stale = null) {
    if (this.#holdsNewerToken(stale)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.#tokenWaiters.delete(done); resolve(); };
      const timer = setTimeout(done, ms);
      this.#tokenWaiters.add(done);
    });
  }

  // ---- tabs -----------------------------------------------------------------------------------------

  #post(message) {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // a closed channel: the other tabs will refresh on their own
    }
  }

  #onMessage(message) {
    switch (message?.type) {
      case 'hello':
        if (this.#token && !this.#dueForRefresh(this.#token)) this.#post({ type: 'token', token: this.#token });
        break;
      case 'token': {
        const token = message.token;
        if (!token?.accessToken || !(token.expiresAt > Date.now())) break;
        // a signed-out tab (idle, ended) does not come back to life because another tab refreshed
        if (!this.#token && !this.#acceptingPeerToken) break;
        if (this.#token && this.#token.sessionId === token.sessionId && this.#token.expiresAt >= token.expiresAt) break;
        this.#install(token);
        break;
      }
      case 'ended':
        if (this.#token && this.#token.sessionId === message.sessionId) {
          this.#end(message.reason === 'signed-out' ? 'signed-out' : 'expired',
            { tellOthers: false, why: message.why ?? null });
        }
        break;
      case 'claim':
        this.#claims.set(message.tab, message);
        break;
      case 'claim-done':
        this.#claims.delete(message.tab);
        break;
      default:
        break;
    }
  }

  // ---- idle and ending ------------------------------------------------------------------------------

  #scheduleIdleCheck() {
    clearTimeout(this.#idleTimer);
    if (!this.#token || !this.#idleMs) return;
    const remaining = this.#lastActivity + this.#idleMs - Date.now();
    if (remaining <= 0) {
      this.#end('idle', { tellOthers: false });
      return;
    }
    this.#idleTimer = setTimeout(() => this.#scheduleIdleCheck(), remaining);
  }

  #onVisible() {
    if (globalThis.document?.visibilityState !== 'visible' || !this.#token) return;
    // timers of hidden tabs are throttled: catch up on the idle limit and the refresh now
    this.#scheduleIdleCheck();
    if (this.#token && this.#dueForRefresh(this.#token)) this.#refreshOnTimer();
  }

  #clearTimers() {
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#idleTimer);
    this.#refreshTimer = null;
    this.#idleTimer = null;
  }

  #clear() {
    this.#clearTimers();
    this.#token = null;
    this.#epoch += 1;
  }

  /** Ends the session in this tab, dispatches `ended` once, and returns the error for the caller to throw. */
  #end(reason, { tellOthers = true, why = null } = {}) {
    const token = this.#token;
    if (!token) return new SessionEndedError(reason);
    this.#clear();
    if (tellOthers && reason !== 'idle') this.#post({ type: 'ended', sessionId: token.sessionId, reason, why });
    this.dispatchEvent(new CustomEvent('ended',
      { detail: { reason, why, user: token.user, sessionId: token.sessionId } }));
    return new SessionEndedError(reason);
  }
}

/** The `reason` of a 401 problem for a token whose session ended (contract, "Live sessions"), else null. */
async function endReasonOf(response) {
  try {
    const problem = await response.clone().json();
    return typeof problem?.reason === 'string' ? problem.reason : null;
  } catch {
    return null;
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
