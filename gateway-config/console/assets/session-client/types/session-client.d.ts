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
    /** @param {SessionClientOptions} [options] */
    constructor(options?: SessionClientOptions);
    /**
     * The signed-in user (`{id, email, displayName, roles}`) or null.
     * @returns {User|null}
     */
    get user(): User | null;
    /**
     * The id of this tab's session, or null.
     * @returns {string|null}
     */
    get sessionId(): string | null;
    /** Whether this tab holds a session. */
    get authenticated(): boolean;
    /**
     * When the current access token expires (a Date), or null.
     * @returns {Date|null}
     */
    get accessTokenExpiresAt(): Date | null;
    /** Where `/auth/**` and `/sessions/**` are reached ('' for this origin). */
    get baseUrl(): string;
    /**
     * The session-management calls of the signed-in user (`GET /sessions`, revoking, reporting, signing out
     * elsewhere, the history, the live event stream).
     * @returns {SessionsApi}
     */
    get sessions(): SessionsApi;
    /**
     * Whether the signed-in user has a role (e.g. `admin`).
     * @param {string} role
     */
    hasRole(role: string): boolean;
    /**
     * Calls `listener(reason, detail)` each time the session ends under this tab (the `ended` event).
     * @param {(reason:EndReason, detail:EndedDetail) => void} listener
     * @returns {() => void} stops listening
     */
    onEnded(listener: (reason: EndReason, detail: EndedDetail) => void): () => void;
    /**
     * Resumes the session at app start: takes over the token of another open tab, else refreshes with the
     * httpOnly cookie. Resolves true when the tab has a session, false when there is none to resume.
     * Rejects with a {@link ProblemError} or a TypeError when the backend cannot be reached.
     * @returns {Promise<boolean>}
     */
    start(): Promise<boolean>;
    /**
     * Signs in with email and password. Resolves with the user, or, for an account with two-factor authentication,
     * with `{mfaRequired: true, mfaToken, expiresIn, methods}` (then {@link SessionClient#verifySecondFactor});
     * rejects with a {@link ProblemError} (401 wrong email or password, 403 deactivated, 429 throttled with
     * `retryAfterSeconds`, 503 unavailable).
     * @param {{email:string, password:string, rememberMe?:boolean}} credentials
     * @returns {Promise<User|SecondFactorStep>}
     */
    signIn({ email, password, rememberMe }: {
        email: string;
        password: string;
        rememberMe?: boolean;
    }): Promise<User | SecondFactorStep>;
    /**
     * The second step of a sign-in: the `mfaToken` of {@link SessionClient#signIn} and a TOTP or recovery code.
     * Resolves with the user; rejects with a {@link ProblemError} (401 wrong code or expired step, 429 throttled,
     * 403 deactivated).
     * @param {{mfaToken:string, code:string}} step
     * @returns {Promise<User>}
     */
    verifySecondFactor({ mfaToken, code }: {
        mfaToken: string;
        code: string;
    }): Promise<User>;
    /**
     * Signs out: ends the session on the server (refresh cookie and bearer token), clears the cookie, forgets
     * the token, and tells the other tabs (they get `ended` with reason `signed-out`).
     * @returns {Promise<void>}
     */
    signOut(): Promise<void>;
    /**
     * Forgets the session in this tab without calling the server and tells the other tabs it ended (done for you by
     * `sessions.signOutAll()`). No `ended` event in this tab: the app chose this.
     */
    forget(): void;
    /**
     * The current access token, refreshed first when it is about to expire. For what `fetch` cannot do
     * (e.g. a WebSocket handshake, a stream). Rejects with {@link SessionEndedError} when there is no session.
     * @returns {Promise<string>}
     */
    accessToken(): Promise<string>;
    /**
     * `fetch` with `Authorization: Bearer <access token>`. A 401 gets one refresh and one retry (so use a
     * replayable body: a string, FormData, Blob...); if the refresh is refused the session has ended: `ended`
     * is dispatched and the promise rejects with {@link SessionEndedError}. Other answers are returned as they are.
     * @param {RequestInfo|URL} input
     * @param {RequestInit} [init]
     * @returns {Promise<Response>}
     */
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
    /**
     * Ends the session in this tab because the server said it ended (e.g. the `session-ended` event of
     * `GET /sessions/events`): dispatches `ended` with reason `expired` and `why`, the server's reason
     * (`ADMIN_LOGOUT`, `IDLE`, `SIGNED_OUT`...), and tells the other tabs. Ignored for another session than this tab's.
     * @param {string} sessionId the session the server says ended
     * @param {string|null} why the server's reason
     */
    endedByServer(sessionId: string, why: string | null): void;
    /**
     * Refreshes the access token now (coordinated with the other tabs). Resolves true on success.
     * @returns {Promise<boolean>}
     */
    refresh(): Promise<boolean>;
    /** Stops timers and listeners and closes the channel (for tests and apps that unmount the client). */
    dispose(): void;
    /**
     * A backend path with the base URL in front.
     * @param {string} path
     */
    url(path: string): string;
    #private;
}
export type EndReason = import("./errors.js").EndReason;
export type User = import("./token-store.js").User;
export type Token = import("./token-store.js").Token;
/**
 * The first answer of a sign-in for an account with two-factor authentication: no session yet.
 */
export type SecondFactorStep = {
    mfaRequired: true;
    mfaToken: string;
    expiresIn: number;
    methods: string[];
};
/**
 * The `detail` of the `ended` event, and the second argument of an {@link SessionClient#onEnded} listener.
 */
export type EndedDetail = {
    reason: EndReason;
    why: string | null;
    user: User;
    sessionId: string;
};
export type RefreshOutcome = {
    result: "ok" | "ended" | "failed";
    error?: any;
};
export type SessionClientOptions = {
    /**
     * where `/auth/**` and `/sessions/**` live (default: this origin)
     */
    baseUrl?: string | undefined;
    /**
     * sign this tab out after this long without user activity (0: never)
     */
    idleTimeoutSeconds?: number | undefined;
    /**
     * refresh this long before the access token expires (default: a fifth of
     * its lifetime, between 2 and 60 seconds)
     */
    refreshMarginSeconds?: number | undefined;
    /**
     * BroadcastChannel name shared by the app's tabs
     */
    channelName?: string | undefined;
    /**
     * Web Lock name for refreshing
     */
    lockName?: string | undefined;
    /**
     * fetch implementation (default: the global one)
     */
    fetch?: typeof fetch | undefined;
    /**
     * set false to use the BroadcastChannel claim protocol instead
     */
    useWebLocks?: boolean | undefined;
    /**
     * the Web Locks API (default:
     * `navigator.locks`; for tests)
     */
    locks?: import("./tab-coordination.js").LockManager | null | undefined;
};
import { SessionsApi } from './sessions-api.js';
