import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenStore, SEND_SLACK_MS } from '../src/token-store.js';
import { USER, LIMIT } from './fakes.js';

const body = { accessToken: 'a', expiresIn: 300, sessionId: 's1', user: USER };

test('a token body is timed from now and keeps its session and user', LIMIT, () => {
  const token = TokenStore.fromBody(body, 1_000);
  assert.deepEqual(token, { accessToken: 'a', expiresAt: 301_000, ttlMs: 300_000, sessionId: 's1', user: USER });
});

test('the refresh margin is a fifth of the lifetime, between 2 and 60 seconds, unless configured', LIMIT, () => {
  const store = new TokenStore();
  assert.equal(store.marginFor({ ttlMs: 100_000 }), 20_000);
  assert.equal(store.marginFor({ ttlMs: 3_600_000 }), 60_000);
  assert.equal(store.marginFor({ ttlMs: 5_000 }), 2_000);
  assert.equal(new TokenStore({ refreshMarginSeconds: 7 }).marginFor({ ttlMs: 100_000 }), 7_000);
});

test('a token is due for refresh within its margin, and too old to send within the slack', LIMIT, () => {
  const store = new TokenStore();
  const token = TokenStore.fromBody(body, 0);
  store.current = token;
  assert.equal(store.dueForRefresh(token, 239_999), false);
  assert.equal(store.dueForRefresh(token, 240_000), true);
  assert.equal(store.tooOldToSend(300_000 - SEND_SLACK_MS - 1), false);
  assert.equal(store.tooOldToSend(300_000 - SEND_SLACK_MS), true);
  store.current = null;
  assert.equal(store.tooOldToSend(), true);
});

test('a newer token is one other than the stale one and not due for refresh', LIMIT, () => {
  const store = new TokenStore();
  assert.equal(store.holdsNewerThan(null), false);
  store.current = TokenStore.fromBody(body);
  assert.equal(store.holdsNewerThan(null), true);
  assert.equal(store.holdsNewerThan('a'), false);
  assert.equal(store.holdsNewerThan('older'), true);
});

test('a token from another tab is taken unless expired or not newer than the one held for that session', LIMIT, () => {
  const store = new TokenStore();
  const now = 10_000;
  const peer = { accessToken: 'p', expiresAt: now + 1000, ttlMs: 300_000, sessionId: 's1', user: USER };
  assert.equal(store.acceptsPeerToken(peer, now), true);
  assert.equal(store.acceptsPeerToken({ ...peer, expiresAt: now }, now), false);
  assert.equal(store.acceptsPeerToken({ ...peer, accessToken: '' }, now), false);
  store.current = { ...peer, accessToken: 'mine', expiresAt: now + 1000 };
  assert.equal(store.acceptsPeerToken(peer, now), false);
  assert.equal(store.acceptsPeerToken({ ...peer, expiresAt: now + 2000 }, now), true);
  assert.equal(store.acceptsPeerToken({ ...peer, sessionId: 's2' }, now), true);
});
