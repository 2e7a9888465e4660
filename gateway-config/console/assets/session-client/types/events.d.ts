/**
 * What the stream needs from the client: {@link import('./session-client.js').SessionClient} has all of it.
 * @typedef {object} StreamingClient
 * @property {boolean} authenticated
 * @property {string|null} sessionId
 * @property {() => Promise<string>} accessToken
 * @property {() => Promise<boolean>} refresh
 * @property {(sessionId:string, why:string|null) => void} endedByServer
 * @property {(path:string) => string} url
 */
/**
 * @typedef {object} SessionEventHandlers
 * @property {() => void} [onChanged] another session of the user started or ended (reload the list)
 * @property {(sessionId:string, reason:string|null) => void} [onSessionEnded] the server said a session ended; the
 *   client has already ended this tab's session when it is this one (the `ended` event)
 * @property {() => void} [onOpen] the stream is open (again)
 * @property {(error:any, retryInMs:number) => void} [onError] the stream could not be opened or broke; the next
 *   attempt comes in `retryInMs`
 */
/**
 * @typedef {object} SessionEventOptions
 * @property {typeof fetch} [fetch] fetch implementation (default: the global one)
 * @property {number[]} [retryDelaysMs] pauses before reconnecting after consecutive failures
 */
/**
 * Follows the events while the client has a session; returns a function that stops.
 * @param {StreamingClient} client
 * @param {SessionEventHandlers} [handlers]
 * @param {SessionEventOptions} [options]
 * @returns {() => void} stops following (and aborts the open request)
 */
export function followSessionEvents(client: StreamingClient, handlers?: SessionEventHandlers, options?: SessionEventOptions): () => void;
/**
 * Reads a `text/event-stream` body to its end, calling `onEvent(name, data)` per event (comments are skipped).
 * @param {ReadableStream<Uint8Array>} body
 * @param {(name:string, data:string) => void} onEvent
 * @returns {Promise<void>}
 */
export function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: string) => void): Promise<void>;
/**
 * The live link to `GET /sessions/events` (Server-Sent Events, contract "Live sessions"): the server says at once
 * when this tab's session ends (and why) and when the user's other sessions change. `EventSource` cannot send a
 * bearer token, so the stream is read with `fetch`. The server closes the stream when the access token expires; it
 * is opened again with the fresh token, and after a network error or an error answer with a growing pause.
 * @module events
 */
/** The pauses before reconnecting after consecutive failures (the last one repeats). */
export const DEFAULT_RETRY_DELAYS_MS: number[];
/**
 * What the stream needs from the client: {@link import ('./session-client.js').SessionClient} has all of it.
 */
export type StreamingClient = {
    authenticated: boolean;
    sessionId: string | null;
    accessToken: () => Promise<string>;
    refresh: () => Promise<boolean>;
    endedByServer: (sessionId: string, why: string | null) => void;
    url: (path: string) => string;
};
export type SessionEventHandlers = {
    /**
     * another session of the user started or ended (reload the list)
     */
    onChanged?: (() => void) | undefined;
    /**
     * the server said a session ended; the
     * client has already ended this tab's session when it is this one (the `ended` event)
     */
    onSessionEnded?: ((sessionId: string, reason: string | null) => void) | undefined;
    /**
     * the stream is open (again)
     */
    onOpen?: (() => void) | undefined;
    /**
     * the stream could not be opened or broke; the next
     * attempt comes in `retryInMs`
     */
    onError?: ((error: any, retryInMs: number) => void) | undefined;
};
export type SessionEventOptions = {
    /**
     * fetch implementation (default: the global one)
     */
    fetch?: typeof fetch | undefined;
    /**
     * pauses before reconnecting after consecutive failures
     */
    retryDelaysMs?: number[] | undefined;
};
