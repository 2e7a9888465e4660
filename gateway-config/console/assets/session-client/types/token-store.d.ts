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
export const SEND_SLACK_MS: 2000;
export class TokenStore {
    /**
     * The token of a sign-in or refresh answer (`{accessToken, expiresIn, sessionId, user}`), timed from now.
     * @param {{accessToken:string, expiresIn:number, sessionId:string, user:User}} body
     * @returns {Token}
     */
    static fromBody(body: {
        accessToken: string;
        expiresIn: number;
        sessionId: string;
        user: User;
    }, now?: number): Token;
    /**
     * @param {{refreshMarginSeconds?:number|null}} [options] refresh this long before expiry (default: a fifth of the
     *   token's lifetime, between 2 and 60 seconds)
     */
    constructor({ refreshMarginSeconds }?: {
        refreshMarginSeconds?: number | null;
    });
    /** @param {Token|null} token */
    set current(token: Token | null);
    /** @returns {Token|null} */
    get current(): Token | null;
    /**
     * How long before its expiry a token is refreshed.
     * @param {Token} token
     */
    marginFor(token: Token): number;
    /**
     * Whether a token is within its refresh margin of expiry.
     * @param {Token} token
     */
    dueForRefresh(token: Token, now?: number): boolean;
    /** Whether the token held is missing or too close to its expiry to be sent. */
    tooOldToSend(now?: number): boolean;
    /**
     * Whether this tab holds a usable token other than `stale` (null: any token).
     * @param {string|null} stale
     */
    holdsNewerThan(stale: string | null): boolean;
    /**
     * Whether a token from another tab is worth taking instead of the one held.
     * @param {Token} token
     */
    acceptsPeerToken(token: Token, now?: number): boolean;
    #private;
}
/**
 * The signed-in user as the backend describes it.
 */
export type User = {
    id: string;
    email: string;
    displayName?: string | null;
    roles?: string[];
};
/**
 * A token as one tab holds it and hands it to the others.
 */
export type Token = {
    accessToken: string;
    expiresAt: number;
    ttlMs: number;
    sessionId: string;
    user: User;
};
