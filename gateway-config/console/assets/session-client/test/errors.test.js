import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProblemError, SessionEndedError, endReasonOf } from '../src/errors.js';
import { problem, LIMIT } from './fakes.js';

test('a problem answer becomes a ProblemError with its document and Retry-After', LIMIT, async () => {
  const error = await ProblemError.from(problem(429, { detail: 'Too many attempts' }, { 'Retry-After': '30' }));
  assert.equal(error.status, 429);
  assert.equal(error.message, 'Too many attempts');
  assert.equal(error.problem.detail, 'Too many attempts');
  assert.equal(error.retryAfterSeconds, 30);
});

test('an answer that is not JSON still becomes a ProblemError, from its status', LIMIT, async () => {
  const error = await ProblemError.from(new Response('<html>Bad Gateway</html>', { status: 502 }));
  assert.equal(error.status, 502);
  assert.deepEqual(error.problem, {});
  assert.equal(error.message, 'HTTP 502');
  assert.equal(error.retryAfterSeconds, null);
});

test('the end reason of a 401 is read without consuming the response', LIMIT, async () => {
  const response = problem(401, { reason: 'ADMIN_LOGOUT' });
  assert.equal(await endReasonOf(response), 'ADMIN_LOGOUT');
  assert.equal((await response.json()).reason, 'ADMIN_LOGOUT');
  assert.equal(await endReasonOf(problem(401)), null);
  assert.equal(await endReasonOf(new Response('nope', { status: 401 })), null);
});

test('a SessionEndedError says why', LIMIT, () => {
  assert.equal(new SessionEndedError('idle').reason, 'idle');
  assert.equal(new SessionEndedError('none').message, 'Not signed in');
});
