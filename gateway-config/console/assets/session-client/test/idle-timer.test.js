import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMIT } from './fakes.js';
import { IdleTimer, idleTimeoutFromPage, DEFAULT_IDLE_TIMEOUT_SECONDS } from '../src/idle-timer.js';

const page = (content) => ({
  querySelector: (selector) => (selector === 'meta[name="idle-timeout-seconds"]' && content !== undefined
    ? { getAttribute: () => content } : null),
});

test('the page idle limit comes from the meta tag, else 2 hours', LIMIT, () => {
  assert.equal(idleTimeoutFromPage(page('600'), { search: '' }), 600);
  assert.equal(idleTimeoutFromPage(page(undefined), { search: '' }), DEFAULT_IDLE_TIMEOUT_SECONDS);
  assert.equal(idleTimeoutFromPage(page('0'), { search: '' }), DEFAULT_IDLE_TIMEOUT_SECONDS);
  assert.equal(idleTimeoutFromPage(null, null), DEFAULT_IDLE_TIMEOUT_SECONDS);
});

test('the query parameter can only shorten the idle limit, never lengthen it or switch it off', LIMIT, () => {
  const meta = page('7200');
  assert.equal(idleTimeoutFromPage(meta, { search: '?idle-timeout-seconds=3' }), 3);
  assert.equal(idleTimeoutFromPage(meta, { search: '?idle-timeout-seconds=7201' }), 7200);
  assert.equal(idleTimeoutFromPage(meta, { search: '?idle-timeout-seconds=0' }), 7200);
  assert.equal(idleTimeoutFromPage(meta, { search: '?idle-timeout-seconds=-1' }), 7200);
  assert.equal(idleTimeoutFromPage(meta, { search: '?idle-timeout-seconds=Infinity' }), 7200);
  assert.equal(idleTimeoutFromPage(meta, { search: '?idle-timeout-seconds=off' }), 7200);
});

test('an armed timer calls onIdle once the limit passes without activity', LIMIT, async () => {
  const target = new EventTarget();
  let idle;
  const fired = new Promise((resolve) => { idle = resolve; });
  const timer = new IdleTimer({ idleTimeoutSeconds: 0.03, onIdle: idle, target, document: null });
  timer.arm();
  await fired;
  timer.dispose();
});

test('user input in the page counts as activity', LIMIT, () => {
  const target = new EventTarget();
  let clock = 0;
  let idleCalls = 0;
  const timer = new IdleTimer({ idleTimeoutSeconds: 10, onIdle: () => { idleCalls += 1; }, target, document: null,
    now: () => clock });
  timer.arm();
  clock = 9_000;
  target.dispatchEvent(new Event('keydown'));
  clock = 15_000;
  timer.arm();
  assert.equal(idleCalls, 0, 'typing at 9 s moved the limit to 19 s');
  clock = 19_000;
  timer.arm();
  assert.equal(idleCalls, 1);
  timer.dispose();
});

test('after dispose, input is no longer listened to', LIMIT, () => {
  const target = new EventTarget();
  let clock = 0;
  let idleCalls = 0;
  const timer = new IdleTimer({ idleTimeoutSeconds: 10, onIdle: () => { idleCalls += 1; }, target, document: null,
    now: () => clock });
  timer.dispose();
  clock = 9_000;
  target.dispatchEvent(new Event('pointerdown'));
  clock = 10_000;
  timer.arm();
  assert.equal(idleCalls, 1);
  timer.disarm();
});

test('a limit of 0 switches the idle sign-out off', LIMIT, () => {
  let idleCalls = 0;
  const timer = new IdleTimer({ idleTimeoutSeconds: 0, onIdle: () => { idleCalls += 1; }, target: null, document: null });
  timer.arm();
  assert.equal(idleCalls, 0);
  timer.dispose();
});

test('a page that becomes visible again calls onVisible, a hidden one does not', LIMIT, () => {
  const doc = new EventTarget();
  let visible = 0;
  const timer = new IdleTimer({ idleTimeoutSeconds: 10, onIdle: () => {}, onVisible: () => { visible += 1; },
    target: null, document: doc });
  doc.visibilityState = 'hidden';
  doc.dispatchEvent(new Event('visibilitychange'));
  doc.visibilityState = 'visible';
  doc.dispatchEvent(new Event('visibilitychange'));
  assert.equal(visible, 1);
  timer.dispose();
  doc.dispatchEvent(new Event('visibilitychange'));
  assert.equal(visible, 1);
});
