import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { SessionClient, SessionEndedError, ProblemError } from '../src/index.js';
import { fakeFetch, fakeLocks, json, problem, signedIn, tokenBody, channelName, nextEvent, USER, LIMIT } from './fakes.js';
import { delay } from '../src/tab-coordination.js';

const clients = [];
function newClient(fetch, options = {}) {
  const client = new SessionClient({ fetch, idleTimeoutSeconds: 0, channelName: channelName(), ...options });
  clients.push(client);
  return client;
}
afterEach(() => { while (clients.length) clients.pop().dispose(); });

test('signing in posts the credentials with the cookie, keeps the token in memory and announces the session', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn() });
  const client = newClient(fetch);
  const session = nextEvent(client, 'session');

  const user = await client.signIn({ email: 'ada@example.com', password: 'secret', rememberMe: true });

  assert.deepEqual(user, USER);
  assert.deepEqual(await session, { user: USER, sessionId: 's1' });
  assert.equal(client.authenticated, true);
  assert.equal(client.sessionId, 's1');
  assert.equal(client.hasRole('user'), true);
  assert.equal(client.hasRole('admin'), false);
  const [call] = fetch.calls;
  assert.equal(call.init.credentials, 'include');
  assert.deepEqual(JSON.parse(call.body), { email: 'ada@example.com', password: 'secret', rememberMe: true });
});

test('a two-factor account gets the second step (202) first, and is signed in by the code', LIMIT, async () => {
  const step = { mfaRequired: true, mfaToken: 'mfa-1', expiresIn: 300, methods: ['totp', 'recovery-code'] };
  const fetch = fakeFetch({
    'POST /auth/login': () => json(step, 202),
    'POST /auth/login/mfa': signedIn(),
  });
  const client = newClient(fetch);

  assert.deepEqual(await client.signIn({ email: 'ada@example.com', password: 'secret' }), step);
  assert.equal(client.authenticated, false);

  assert.deepEqual(await client.verifySecondFactor({ mfaToken: 'mfa-1', code: '123456' }), USER);
  assert.equal(client.authenticated, true);
  assert.deepEqual(JSON.parse(fetch.calls[1].body), { mfaToken: 'mfa-1', code: '123456' });
});

test('a refused sign-in rejects with the problem, throttling with its Retry-After', LIMIT, async () => {
  const fetch = fakeFetch({
    'POST /auth/login': [() => problem(401, { detail: 'Wrong email or password' }),
      () => problem(429, {}, { 'Retry-After': '12' })],
  });
  const client = newClient(fetch);

  await assert.rejects(client.signIn({ email: 'a', password: 'b' }), (e) => e instanceof ProblemError && e.status === 401);
  await assert.rejects(client.signIn({ email: 'a', password: 'b' }), (e) => e.retryAfterSeconds === 12);
  assert.equal(client.authenticated, false);
});

test('fetch sends the bearer token and keeps the caller\'s headers', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn(), 'GET /api/whoami': () => json({ ok: true }) });
  const client = newClient(fetch);
  await client.signIn({ email: 'a', password: 'b' });

  const response = await client.fetch('/api/whoami', { headers: { Accept: 'application/json' } });

  assert.equal(response.status, 200);
  const call = fetch.calls.at(-1);
  assert.match(call.headers.get('Authorization'), /^Bearer token-\d+$/);
  assert.equal(call.headers.get('Accept'), 'application/json');
});

test('fetch without a session rejects with SessionEndedError("none") and sends nothing', LIMIT, async () => {
  const fetch = fakeFetch();
  const client = newClient(fetch);
  await assert.rejects(client.fetch('/api/whoami'), (e) => e instanceof SessionEndedError && e.reason === 'none');
  assert.equal(fetch.calls.length, 0);
});

test('a 401 is answered with one refresh and one retry with the new token', LIMIT, async () => {
  const fetch = fakeFetch({
    'POST /auth/login': signedIn(),
    'POST /auth/refresh': signedIn(),
    'GET /api/orders': [() => problem(401), () => json([])],
  });
  const client = newClient(fetch);
  await client.signIn({ email: 'a', password: 'b' });

  const response = await client.fetch('/api/orders');

  assert.equal(response.status, 200);
  assert.equal(fetch.count('POST /auth/refresh'), 1);
  const [first, second] = fetch.calls.filter((c) => c.path === '/api/orders');
  assert.notEqual(first.headers.get('Authorization'), second.headers.get('Authorization'));
});

test('a 401 that a refresh cannot cure ends the session once, with the server\'s reason', LIMIT, async () => {
  const fetch = fakeFetch({
    'POST /auth/login': signedIn(),
    'POST /auth/refresh': () => problem(401),
    'GET /api/orders': () => problem(401, { reason: 'ADMIN_LOGOUT' }),
  });
  const client = newClient(fetch);
  await client.signIn({ email: 'a', password: 'b' });
  const endings = [];
  client.onEnded((reason, detail) => endings.push({ reason, why: detail.why, email: detail.user.email }));

  await assert.rejects(client.fetch('/api/orders'), (e) => e instanceof SessionEndedError && e.reason === 'expired');

  assert.deepEqual(endings, [{ reason: 'expired', why: 'ADMIN_LOGOUT', email: USER.email }]);
  assert.equal(client.authenticated, false);
});

test('onEnded returns a function that stops listening', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn() });
  const client = newClient(fetch);
  await client.signIn({ email: 'a', password: 'b' });
  let calls = 0;
  const stop = client.onEnded(() => { calls += 1; });
  stop();
  client.endedByServer('s1', 'SIGNED_OUT');
  assert.equal(calls, 0);
  assert.equal(client.authenticated, false);
});

test('the server\'s word on another session does not end this one', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn() });
  const client = newClient(fetch);
  await client.signIn({ email: 'a', password: 'b' });
  client.endedByServer('someone-else', 'REVOKED');
  assert.equal(client.authenticated, true);
});

test('start resumes from the cookie, and resolves false when there is no session behind it', LIMIT, async () => {
  const resumed = newClient(fakeFetch({ 'POST /auth/refresh': signedIn() }));
  assert.equal(await resumed.start(), true);
  assert.deepEqual(resumed.user, USER);

  const none = newClient(fakeFetch({ 'POST /auth/refresh': () => problem(401) }));
  assert.equal(await none.start(), false);
  assert.equal(none.authenticated, false);
});

test('start rejects when the backend cannot answer', LIMIT, async () => {
  const client = newClient(fakeFetch({ 'POST /auth/refresh': () => problem(500) }));
  await assert.rejects(client.start(), (e) => e instanceof ProblemError && e.status === 500);
});

test('a refresh whose answer was lost (502) is sent again, and the session lives on', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/refresh': [() => problem(502), signedIn()] });
  const client = newClient(fetch);

  assert.equal(await client.start(), true);
  assert.equal(fetch.count('POST /auth/refresh'), 2);
});

test('signing out ends the session on the server with the bearer token and forgets it', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn(), 'POST /auth/logout': () => new Response(null, { status: 204 }) });
  const client = newClient(fetch);
  await client.signIn({ email: 'a', password: 'b' });
  let ended = 0;
  client.onEnded(() => { ended += 1; });

  await client.signOut();

  const logout = fetch.calls.at(-1);
  assert.equal(logout.path, '/auth/logout');
  assert.equal(logout.init.credentials, 'include');
  assert.match(logout.headers.get('Authorization'), /^Bearer /);
  assert.equal(client.authenticated, false);
  assert.equal(ended, 0, 'the app chose this: no ended event');
});

test('a tab without user input for the idle limit is signed out with reason idle', LIMIT, async () => {
  const client = newClient(fakeFetch({ 'POST /auth/login': signedIn() }), { idleTimeoutSeconds: 0.03 });
  const ended = nextEvent(client, 'ended');
  await client.signIn({ email: 'a', password: 'b' });
  assert.equal((await ended).reason, 'idle');
  assert.equal(client.authenticated, false);
});

test('the token is refreshed by itself before it expires', LIMIT, async () => {
  const fetch = fakeFetch({
    'POST /auth/login': signedIn({ expiresIn: 0.05 }),
    'POST /auth/refresh': signedIn({ expiresIn: 300 }),
  });
  const client = newClient(fetch, { refreshMarginSeconds: 0.04 });
  const before = await client.signIn({ email: 'a', password: 'b' }).then(() => client.accessTokenExpiresAt);
  const refreshed = await nextEvent(client, 'refreshed');
  assert.ok(refreshed.expiresAt > before);
  assert.equal(fetch.count('POST /auth/refresh'), 1);
});

test('the base URL is put in front of the backend paths', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn() });
  const client = newClient(fetch, { baseUrl: 'https://accounts.example/' });
  await client.signIn({ email: 'a', password: 'b' });
  assert.equal(client.url('/sessions'), 'https://accounts.example/sessions');
});

// ---- tabs (two clients on one BroadcastChannel stand for two tabs) --------------------------------------

function twoTabs(fetch, options = {}) {
  const name = channelName();
  return [newClient(fetch, { channelName: name, ...options }), newClient(fetch, { channelName: name, ...options })];
}

test('a starting tab takes the token of an open tab instead of refreshing', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn(), 'POST /auth/refresh': signedIn() });
  const [first, second] = twoTabs(fetch);
  await first.signIn({ email: 'a', password: 'b' });

  assert.equal(await second.start(), true);

  assert.equal(second.sessionId, first.sessionId);
  assert.equal(fetch.count('POST /auth/refresh'), 0);
});

test('signing out in one tab ends the session in the other with reason signed-out', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn(), 'POST /auth/logout': () => new Response(null, { status: 204 }) });
  const [first, second] = twoTabs(fetch);
  await first.signIn({ email: 'a', password: 'b' });
  await second.start();
  const ended = nextEvent(second, 'ended');

  await first.signOut();

  assert.equal((await ended).reason, 'signed-out');
  assert.equal(second.authenticated, false);
});

test('an ending seen by one tab ends the others, with the server\'s reason', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn() });
  const [first, second] = twoTabs(fetch);
  await first.signIn({ email: 'a', password: 'b' });
  await second.start();
  const ended = nextEvent(second, 'ended');

  first.endedByServer('s1', 'REVOKED');

  assert.deepEqual({ ...(await ended), user: undefined }, { reason: 'expired', why: 'REVOKED', user: undefined, sessionId: 's1' });
});

for (const [mode, options] of [['Web Locks', () => ({ locks: fakeLocks() })], ['BroadcastChannel claims', () => ({ useWebLocks: false })]]) {
  test(`tabs refreshing at once send one refresh and share its token (${mode})`, LIMIT, async () => {
    let answer;
    const gate = new Promise((resolve) => { answer = resolve; });
    const fetch = fakeFetch({
      'POST /auth/login': signedIn(),
      'POST /auth/refresh': async () => { await gate; return json(tokenBody()); },
    });
    const shared = options();
    const [first, second] = twoTabs(fetch, shared);
    await first.signIn({ email: 'a', password: 'b' });
    await second.start();

    const refreshes = Promise.all([first.refresh(), second.refresh()]);
    // hold the answer until both tabs have asked: the second must wait for the first's token, not refresh itself
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer();

    assert.deepEqual(await refreshes, [true, true]);
    assert.equal(fetch.count('POST /auth/refresh'), 1);
    assert.equal(await first.accessToken(), await second.accessToken());
  });
}

test('the tab that got the token refreshes it, and the tab that took it from there does not reach for the refresh', LIMIT, async () => {
  // a refresh slow enough to still be in flight whenever a second tab of the same schedule would reach for it: without
  // the leading tab, both claimed, and in a loaded browser two claims within a message's delivery time both refresh
  const fetch = fakeFetch({
    'POST /auth/login': signedIn({ expiresIn: 3 }),
    'POST /auth/refresh': async () => { await delay(500); return json(tokenBody({ expiresIn: 60 })); },
  });
  const name = channelName();
  const options = { channelName: name, useWebLocks: false, refreshMarginSeconds: 2 };
  const claims = [];
  const observer = new BroadcastChannel(name);
  observer.onmessage = (event) => { if (event.data?.type === 'claim') claims.push(event.data.tab); };
  try {
    const first = newClient(fetch, options);
    const second = newClient(fetch, options);
    const signedInAt = Date.now();
    await first.signIn({ email: 'a', password: 'b' });
    await second.start();

    // the leading tab refreshes 1.0-1.25 s before the expiry, the other would 0.75-1.0 s before it
    await delay(2400 - (Date.now() - signedInAt));

    assert.equal(fetch.count('POST /auth/refresh'), 1);
    assert.equal(claims.length, 1, `claims sent: ${claims.length}`);
    assert.equal(await second.accessToken(), await first.accessToken());
  } finally {
    observer.close();
  }
});

test('a tab signed out for inactivity does not come back to life when another tab refreshes', LIMIT, async () => {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn(), 'POST /auth/refresh': signedIn() });
  const name = channelName();
  const active = newClient(fetch, { channelName: name });
  const idle = newClient(fetch, { channelName: name, idleTimeoutSeconds: 0.03 });
  await active.signIn({ email: 'a', password: 'b' });
  const ended = nextEvent(idle, 'ended');
  await idle.start();
  assert.equal((await ended).reason, 'idle');
  assert.equal(active.authenticated, true, 'idle is per tab');

  const shared = nextEvent(active, 'refreshed');
  await active.refresh();
  await shared;
  await new Promise((resolve) => setTimeout(resolve, 20));

  assert.equal(idle.authenticated, false);
});
