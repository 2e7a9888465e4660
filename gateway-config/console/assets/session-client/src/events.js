/**
 * The live link to `GET /sessions/events` (Server-Sent Events, contract "Live sessions"): the server says at once
 * when this tab's session ends (and why) and when the user's other sessions change. `EventSource` cannot send a
 * bearer token, so the stream is read with `fetch`. The server closes the stream when the access token expires; it
 * is opened again with the fresh token, and after a network error or an error answer with a growing pause.
 * @module events
 */

/** The pauses before reconnecting after consecutive failures (the last one repeats). */
export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 5000, 10000, 30000];
/** The pause before opening the stream again after the server closed it (an expired token, a deploy). */
const REOPEN_MS = 200;

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
export function followSessionEvents(client, handlers = {}, options = {}) {
  const { onChanged = () => {}, onSessionEnded = () => {}, onOpen = () => {}, onError = () => {} } = handlers;
  const { fetch: fetchImpl = globalThis.fetch.bind(globalThis), retryDelaysMs = DEFAULT_RETRY_DELAYS_MS } = options;
  let stopped = false;
  /** @type {AbortController|null} */
  let abort = null;
  let failures = 0;
  /** @type {(() => void)|null} */
  let wake = null;
  const live = () => !stopped && client.authenticated;

  /** @param {any} error */
  const backOff = async (error) => {
    const ms = retryDelaysMs[Math.min(failures++, retryDelaysMs.length - 1)];
    onError(error, ms);
    await pause(ms);
  };
  /** @param {number} ms */
  const pause = (ms) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => { clearTimeout(timer); resolve(undefined); };
  });

  const loop = async () => {
    while (live()) {
      const sessionId = client.sessionId;
      abort = new AbortController();
      let response;
      try {
        const token = await client.accessToken();
        response = await fetchImpl(client.url('/sessions/events'), {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal: abort.signal,
        });
      } catch (error) {
        if (!live()) return;
        await backOff(error);
        continue;
      }
      if (response.status === 401) {
        const problem = await response.json().catch(() => ({}));
        // the token's session has ended; without a reason it may just be a token that expired meanwhile
        if (problem?.reason) {
          client.endedByServer(/** @type {string} */ (sessionId), problem.reason);
          onSessionEnded(/** @type {string} */ (sessionId), problem.reason);
          return;
        }
        await client.refresh().catch(() => false);
        continue;
      }
      if (!response.ok || !response.body) {
        if (!live()) return;
        await backOff(new Error(`GET /sessions/events answered ${response.status}`));
        continue;
      }
      failures = 0;
      onOpen();
      try {
        await readEventStream(response.body, (name, data) => {
          if (name === 'session-ended') {
            const ended = parse(data);
            const id = ended.sessionId ?? sessionId;
            client.endedByServer(id, ended.reason ?? null);
            onSessionEnded(id, ended.reason ?? null);
          } else if (name === 'sessions-changed') {
            onChanged();
          }
        });
      } catch {
        // a dropped connection: open it again
      }
      if (live()) await pause(REOPEN_MS);
    }
  };

  loop();
  return () => {
    stopped = true;
    abort?.abort();
    wake?.();
  };
}

/**
 * Reads a `text/event-stream` body to its end, calling `onEvent(name, data)` per event (comments are skipped).
 * @param {ReadableStream<Uint8Array>} body
 * @param {(name:string, data:string) => void} onEvent
 * @returns {Promise<void>}
 */
export async function readEventStream(body, onEvent) {
  // TypeScript's DOM types do not let a TextDecoderStream take a Uint8Array stream, which it does
  const decoder = /** @type {any} */ (new TextDecoderStream());
  const decoded = /** @type {ReadableStream<string>} */ (body.pipeThrough(decoder));
  const reader = decoded.getReader();
  let buffer = '';
  let name = 'message';
  /** @type {string[]} */
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
      if (line === '') {
        if (data.length) onEvent(name, data.join('\n'));
        name = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = text;
        else if (field === 'data') data.push(text);
      }
    }
  }
}

/** @param {string} data */
function parse(data) {
  try {
    return JSON.parse(data) ?? {};
  } catch {
    return {};
  }
}
