import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { SessionClient, ProblemError } from '../src/index.js';
import { fakeFetch, json, problem, signedIn, channelName, nextEvent, LIMIT } from './fakes.js';

const clients = [];
async function signedInClient(routes, options = {}) {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn(), ...routes });
  const client = new SessionClient({ fetch, idleTimeoutSeconds: 0, channelName: channelName(), ...options });
  clients.push(client);
  await client.signIn({ email: 'ada@example.com', password: 'secret' });
  return { client, fetch, last: () => fetch.calls.at(-1) };
}
afterEach(() => { while (clients.length) clients.pop().dispose(); });
const noContent = () => new Response(null, { status: 204 });

test('sessions.list gets the user\'s sessions with the bearer token', LIMIT, async () => {
  const sessions = [{ id: 's1', current: true }, { id: 's2', current: false }];
  const { client, last } = await signedInClient({ 'GET /sessions': () => json(sessions) });

  assert.deepEqual(await client.sessions.list(), sessions);
  assert.match(last().headers.get('Authorization'), /^Bearer /);
  assert.equal(last().headers.get('Accept'), 'application/json');
});

test('sessions.revoke deletes one session, its id escaped', LIMIT, async () => {
  const { client, last } = await signedInClient({ 'DELETE /sessions/a%2Fb': noContent });
  assert.equal(await client.sessions.revoke('a/b'), undefined);
  assert.equal(last().path, '/sessions/a%2Fb');
});

test('sessions.report posts the note, or an empty body without one', LIMIT, async () => {
  const { client, fetch } = await signedInClient({ 'POST /sessions/s2/report': () => json({ reportId: 'r1' }, 202) });
  assert.deepEqual(await client.sessions.report('s2', 'not me'), { reportId: 'r1' });
  await client.sessions.report('s2');
  const [withNote, without] = fetch.calls.filter((c) => c.path === '/sessions/s2/report');
  assert.deepEqual(JSON.parse(withNote.body), { note: 'not me' });
  assert.deepEqual(JSON.parse(without.body), {});
  assert.equal(withNote.headers.get('Content-Type'), 'application/json');
});

test('sessions.signOutOthers answers how many sessions ended and keeps this one', LIMIT, async () => {
  const { client } = await signedInClient({ 'DELETE /sessions?scope=others': () => json({ revoked: 3 }) });
  assert.deepEqual(await client.sessions.signOutOthers(), { revoked: 3 });
  assert.equal(client.authenticated, true);
});

test('sessions.signOutAll forgets the session here and tells the other tabs', LIMIT, async () => {
  const name = channelName();
  const { client } = await signedInClient({ 'DELETE /sessions?scope=all': () => json({ revoked: 2 }) }, { channelName: name });
  const other = new SessionClient({ fetch: fakeFetch(), idleTimeoutSeconds: 0, channelName: name });
  clients.push(other);
  await other.start();
  const otherEnded = nextEvent(other, 'ended');
  let endedHere = 0;
  client.onEnded(() => { endedHere += 1; });

  assert.deepEqual(await client.sessions.signOutAll(), { revoked: 2 });

  assert.equal(client.authenticated, false);
  assert.equal(endedHere, 0, 'the app chose this: no ended event here');
  assert.equal((await otherEnded).reason, 'signed-out');
});

test('a refused signOutAll keeps the session', LIMIT, async () => {
  const { client } = await signedInClient({ 'DELETE /sessions?scope=all': () => problem(503) });
  await assert.rejects(client.sessions.signOutAll(), (e) => e instanceof ProblemError && e.status === 503);
  assert.equal(client.authenticated, true);
});

test('sessions.history pages with limit and the escaped before cursor', LIMIT, async () => {
  const page = { events: [{ type: 'LOGIN' }], next: '2026-12-01T10:00:00Z|e1' };
  const { client, fetch } = await signedInClient({
    'GET /sessions/history?limit=20': () => json(page),
    'GET /sessions/history?limit=5&before=2026-12-01T10%3A00%3A00Z%7Ce1': () => json({ events: [], next: null }),
  });
  assert.deepEqual(await client.sessions.history(), page);
  assert.deepEqual(await client.sessions.history({ before: page.next, limit: 5 }), { events: [], next: null });
  assert.equal(fetch.calls.filter((c) => c.path.startsWith('/sessions/history')).length, 2);
});

test('an error answer rejects with its problem document', LIMIT, async () => {
  const { client } = await signedInClient({ 'GET /sessions': () => problem(429, { detail: 'Slow down' }, { 'Retry-After': '4' }) });
  await assert.rejects(client.sessions.list(), (e) => e instanceof ProblemError && e.status === 429
    && e.problem.detail === 'Slow down' && e.retryAfterSeconds === 4);
});

test('the calls go to the base URL', LIMIT, async () => {
  const { client, last } = await signedInClient({ 'GET /sessions': () => json([]) }, { baseUrl: 'https://accounts.example' });
  await client.sessions.list();
  assert.equal(last().url, 'https://accounts.example/sessions');
});
