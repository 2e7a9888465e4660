export class SessionsApi {
    /**
     * @param {import('./session-client.js').SessionClient} client
     * @param {{fetch?: typeof fetch}} [options] the fetch implementation for the event stream
     */
    constructor(client: import("./session-client.js").SessionClient, { fetch: fetchImpl }?: {
        fetch?: typeof fetch;
    });
    /**
     * `GET /sessions`: the user's live sessions; the one of this tab has `current: true`.
     * @returns {Promise<Session[]>}
     */
    list(): Promise<Session[]>;
    /**
     * `DELETE /sessions/{id}`: ends one of the user's sessions (that device is signed out on its next action).
     * @param {string} sessionId
     * @returns {Promise<void>}
     */
    revoke(sessionId: string): Promise<void>;
    /**
     * `POST /sessions/{id}/report`: "this was not me": revokes the session and reports it to the administrators
     * (not the current session: 400; not one of the user's live sessions: 404).
     * @param {string} sessionId
     * @param {string} [note] what the user wants the administrators to know (at most 1,000 characters)
     * @returns {Promise<{reportId:string}>}
     */
    report(sessionId: string, note?: string): Promise<{
        reportId: string;
    }>;
    /**
     * `DELETE /sessions?scope=others`: ends every session of the user but this tab's.
     * @returns {Promise<{revoked:number}>}
     */
    signOutOthers(): Promise<{
        revoked: number;
    }>;
    /**
     * `DELETE /sessions?scope=all`: ends every session of the user, this tab's included; then forgets it here and
     * tells the other tabs (no `ended` event in this tab: the app chose this).
     * @returns {Promise<{revoked:number}>}
     */
    signOutAll(): Promise<{
        revoked: number;
    }>;
    /**
     * `GET /sessions/history`: the user's recent security events, newest first, a page at a time.
     * @param {{before?:string|null, limit?:number}} [page] `before`: the `next` of the previous page
     * @returns {Promise<HistoryPage>}
     */
    history({ before, limit }?: {
        before?: string | null;
        limit?: number;
    }): Promise<HistoryPage>;
    /**
     * Follows `GET /sessions/events` while the client has a session, reconnecting with a growing pause; when the
     * server says this tab's session ended, the client ends it (the `ended` event, `onEnded`).
     * @param {import('./events.js').SessionEventHandlers} [handlers]
     * @param {{retryDelaysMs?:number[]}} [options]
     * @returns {() => void} stops following
     */
    follow(handlers?: import("./events.js").SessionEventHandlers, options?: {
        retryDelaysMs?: number[];
    }): () => void;
    #private;
}
/**
 * One live session, as `GET /sessions` lists it (see the contract for every member).
 */
export type Session = {
    id: string;
    current: boolean;
    createdAt: string;
    lastActivityAt: string;
    flags?: string[];
} & Record<string, any>;
/**
 * One page of the history: the events, newest first, and `next`, the cursor of the next page (null on the last).
 */
export type HistoryPage = {
    events: Array<Record<string, any>>;
    next: string | null;
};
