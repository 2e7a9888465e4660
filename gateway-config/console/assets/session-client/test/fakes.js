// Test doubles: a fetch that answers from a table of routes and records every request (no network), a token body
// like auth-service's, and an in-process Web Locks manager.

/**
 * A fake fetch. `routes` maps "METHOD /path" (the path with its query) to a function `(request) => Response` (or a
 * Promise of one, or a thrown error for a network failure); an array of those is consumed one per request, the last
 * one repeating. Unknown routes answer 404.
 */
export function fakeFetch(routes = {}) {
  const calls = [];
  const served = new Map();
  const fetch = async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.url, 'http://console.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const call = { method, url: url.href, path: url.pathname + url.search, headers, body: init.body ?? null, init };
    calls.push(call);
    const key = `${method} ${call.path}`;
    let route = routes[key];
    if (Array.isArray(route)) {
      const index = served.get(key) ?? 0;
      served.set(key, index + 1);
      route = route[Math.min(index, route.length - 1)];
    }
    if (!route) return new Response('{}', { status: 404 });
    return route(call);
  };
  fetch.calls = calls;
  fetch.count = (key) => calls.filter((c) => `${c.method} ${c.path}` === key).length;
  return fetch;
}

let issued = 0;

/** A sign-in or refresh answer of auth-service. */
export function tokenBody({ sessionId = 's1', expiresIn = 300, user = USER } = {}) {
  issued += 1;
  return { accessToken: `token-${issued}`, tokenType: 'Bearer', expiresIn, sessionId, user };
}

export const USER = { id: 'u1', email: 'ada@example.com', displayName: 'Ada', roles: ['user'] };

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function problem(status, extra = {}, headers = {}) {
  return new Response(JSON.stringify({ title: 'Problem', status, ...extra }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });
}

/** Answers a sign-in or refresh with a fresh token. */
export const signedIn = (options) => () => json(tokenBody(options));

/** A Web Locks manager for one process: `request(name, [options], callback)`, `ifAvailable` supported. */
export function fakeLocks() {
  const held = new Map();
  const locks = {
    granted: 0,
    async request(name, options, callback) {
      if (typeof options === 'function') { callback = options; options = {}; }
      if (options.ifAvailable && held.has(name)) return callback(null);
      while (held.has(name)) await held.get(name);
      let release;
      held.set(name, new Promise((resolve) => { release = resolve; }));
      locks.granted += 1;
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
        release();
      }
    },
  };
  return locks;
}

/** A unique BroadcastChannel name, so that the tests' "tabs" never hear another test. */
let channels = 0;
export function channelName() {
  channels += 1;
  return `test-${process.pid}-${channels}`;
}

/** Resolves with the `detail` of the next `type` event of `target`. */
export function nextEvent(target, type) {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event.detail), { once: true }));
}

/** A `text/event-stream` response whose body the test writes to, chunk by chunk. */
export function eventStream() {
  const encoder = new TextEncoder();
  let controller;
  const body = new ReadableStream({ start(c) { controller = c; } });
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    send(text) { controller.enqueue(encoder.encode(text)); },
    close() { controller.close(); },
    fail() { controller.error(new TypeError('network error')); },
  };
}

/** Every test's time limit: a test that waits for an event that never comes fails instead of hanging the run. */
export const LIMIT = { timeout: 10_000 };
