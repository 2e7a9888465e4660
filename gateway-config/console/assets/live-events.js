/**
 * The console's live link to `GET /sessions/events` (Server-Sent Events, contract "Live sessions"): the server says
 * at once when this tab's session ends (and why) and when the user's other sessions change. `EventSource` cannot
 * send a bearer token, so the stream is read with `fetch`. The stream ends when the access token expires (the
 * server closes it); it is opened again with the fresh token, and after a network error with a growing pause.
 */

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

/**
 * Follows the events while the client has a session; returns a function that stops.
 * @param {import('./session-client.js').SessionClient} client
 * @param {{onChanged: () => void}} handlers `onChanged`: another session of the user started or ended
 */
export function followSessionEvents(client, { onChanged }) {
  let stopped = false;
  let abort = null;
  let failures = 0;

  const loop = async () => {
    while (!stopped && client.authenticated) {
      const sessionId = client.sessionId;
      abort = new AbortController();
      let response;
      try {
        const token = await client.accessToken();
        response = await fetch('/sessions/events', {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal: abort.signal,
        });
      } catch {
        if (stopped || !client.authenticated) return;
        await pause(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
        continue;
      }
      if (response.status === 401) {
        const problem = await response.json().catch(() => ({}));
        // the token's session has ended; without a reason it may just be a token that expired meanwhile
        if (problem.reason) {
          client.endedByServer(sessionId, problem.reason);
          return;
        }
        await client.refresh().catch(() => false);
        continue;
      }
      if (!response.ok || !response.body) {
        await pause(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
        continue;
      }
      failures = 0;
      try {
        await read(response.body, (name, data) => {
          if (name === 'session-ended') {
            const ended = parse(data);
            client.endedByServer(ended.sessionId ?? sessionId, ended.reason ?? null);
          } else if (name === 'sessions-changed') {
            onChanged();
          }
        });
      } catch {
        // a dropped connection: open it again
      }
      if (!stopped && client.authenticated) await pause(200);
    }
  };

  loop();
  return () => {
    stopped = true;
    abort?.abort();
  };
}

/** Reads an event stream to its end, calling `onEvent(name, data)` per event (comments are skipped). */
async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
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

function parse(data) {
  try {
    return JSON.parse(data) ?? {};
  } catch {
    return {};
  }
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
