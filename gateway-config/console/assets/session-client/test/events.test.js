import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { SessionClient, followSessionEvents, readEventStream } from '../src/index.js';
import { fakeFetch, problem, signedIn, channelName, nextEvent, eventStream, LIMIT } from './fakes.js';

const cleanups = [];
afterEach(() => { while (cleanups.length) cleanups.pop()(); });

async function signedInClient(routes) {
  const fetch = fakeFetch({ 'POST /auth/login': signedIn(), 'POST /auth/refresh': signedIn(), ...routes });
  const client = new SessionClient({ fetch, idleTimeoutSeconds: 0, channelName: channelName() });
  cleanups.push(() => client.dispose());
  await client.signIn({ email: 'ada@example.com', password: 'secret' });
  return { client, fetch };
}

function follow(client, handlers, options) {
  const stop = client.sessions.follow(handlers, options);
  cleanups.push(stop);
  return stop;
}

function streamOf(text) {
  return new Response(new Blob([text]).stream());
}

test('the stream is read with the bearer token, and sessions-changed calls onChanged', LIMIT, async () => {
  const stream = eventStream();
  const { client, fetch } = await signedInClient({ 'GET /sessions/events': [() => stream.response] });
  let changed;
  const changedOnce = new Promise((resolve) => { changed = resolve; });
  follow(client, { onChanged: changed });

  stream.send(': keep-alive\n\nevent: sessions-changed\ndata: {}\n\n');
  await changedOnce;

  const call = fetch.calls.find((c) => c.path === '/sessions/events');
  assert.match(call.headers.get('Authorization'), /^Bearer /);
  assert.equal(call.headers.get('Accept'), 'text/event-stream');
});

test('session-ended for this session ends it in the client with the server\'s reason', LIMIT, async () => {
  const stream = eventStream();
  const { client } = await signedInClient({ 'GET /sessions/events': [() => stream.response] });
  const ended = nextEvent(client, 'ended');
  const told = [];
  follow(client, { onSessionEnded: (id, reason) => told.push([id, reason]) });

  stream.send('event: session-ended\ndata: {"sessionId":"s1","reason":"ADMIN_LOGOUT"}\n\n');

  assert.deepEqual({ reason: (await ended).reason, why: (await ended).why }, { reason: 'expired', why: 'ADMIN_LOGOUT' });
  assert.deepEqual(told, [['s1', 'ADMIN_LOGOUT']]);
});

test('a 401 with a reason means the session ended: the client ends it and the stream stops', LIMIT, async () => {
  const { client, fetch } = await signedInClient({ 'GET /sessions/events': () => problem(401, { reason: 'REVOKED' }) });
  const ended = nextEvent(client, 'ended');
  follow(client);
  assert.equal((await ended).why, 'REVOKED');
  assert.equal(fetch.count('GET /sessions/events'), 1);
});

test('a 401 without a reason is an expired token: refreshed, then the stream opens again', LIMIT, async () => {
  const stream = eventStream();
  const { client, fetch } = await signedInClient({ 'GET /sessions/events': [() => problem(401), () => stream.response] });
  let opened;
  const open = new Promise((resolve) => { opened = resolve; });
  follow(client, { onOpen: opened });
  await open;
  assert.equal(fetch.count('POST /auth/refresh'), 1);
  assert.equal(client.authenticated, true);
});

test('failures reconnect after growing pauses, which start over once the stream is open', LIMIT, async () => {
  const stream = eventStream();
  const { client } = await signedInClient({
    'GET /sessions/events': [
      () => { throw new TypeError('network error'); },
      () => problem(503),
      () => { throw new TypeError('network error'); },
      () => stream.response,
    ],
  });
  const pauses = [];
  let opened;
  const open = new Promise((resolve) => { opened = resolve; });
  follow(client, { onError: (error, ms) => pauses.push(ms), onOpen: opened }, { retryDelaysMs: [1, 5, 10] });
  await open;
  assert.deepEqual(pauses, [1, 5, 10]);
});

test('a stream that the server closes is opened again', LIMIT, async () => {
  const { client, fetch } = await signedInClient({
    'GET /sessions/events': [() => streamOf('event: sessions-changed\ndata: {}\n\n'), () => eventStream().response],
  });
  let opens = 0;
  let second;
  const reopened = new Promise((resolve) => { second = resolve; });
  follow(client, { onOpen: () => { opens += 1; if (opens === 2) second(); } });
  await reopened;
  assert.equal(fetch.count('GET /sessions/events'), 2);
});

test('stop aborts the open request and ends the loop', LIMIT, async () => {
  const stream = eventStream();
  const { client, fetch } = await signedInClient({ 'GET /sessions/events': [() => stream.response] });
  let opened;
  const open = new Promise((resolve) => { opened = resolve; });
  const stop = follow(client, { onOpen: opened });
  await open;
  const call = fetch.calls.find((c) => c.path === '/sessions/events');

  stop();

  assert.equal(call.init.signal.aborted, true);
});

test('no stream is opened without a session', LIMIT, async () => {
  const fetch = fakeFetch();
  const client = new SessionClient({ fetch, idleTimeoutSeconds: 0, channelName: channelName() });
  cleanups.push(() => client.dispose());
  followSessionEvents(client, {}, { fetch })();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(fetch.calls.length, 0);
});

test('the event stream parser handles comments, CRLF, multi-line data and chunks split anywhere', LIMIT, async () => {
  const text = ': hello\r\nevent: a\r\ndata: 1\r\ndata: 2\r\n\r\ndata: plain\n\nevent: empty\n\nevent:b\ndata:x\n\n';
  const encoder = new TextEncoder();
  const body = new ReadableStream({
    start(controller) {
      for (const char of text) controller.enqueue(encoder.encode(char));
      controller.close();
    },
  });
  const events = [];
  await readEventStream(body, (name, data) => events.push([name, data]));
  assert.deepEqual(events, [['a', '1\n2'], ['message', 'plain'], ['b', 'x']]);
});
