/**
 * The backend calls the console makes, through the session client (bearer token, refresh, 401 handling): the user's
 * own sessions are the package's `client.sessions`, the rest (password, two-factor, administration) is console-only.
 */
import { ProblemError } from './session-client/src/index.js';

async function call(client, method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await client.fetch(path, init);
  if (!response.ok) throw await ProblemError.from(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const enc = encodeURIComponent;

/** @param {import('./session-client/src/index.js').SessionClient} client */
export function backend(client) {
  return {
    sessions: () => client.sessions.list(),
    revokeSession: (id) => client.sessions.revoke(id),
    reportSession: (id, note) => client.sessions.report(id, note),
    signOutOthers: () => client.sessions.signOutOthers(),
    signOutAll: () => client.sessions.signOutAll(),
    history: (before) => client.sessions.history({ before }),
    changePassword: (body) => call(client, 'POST', '/auth/password', body),
    mfaStatus: () => call(client, 'GET', '/auth/mfa'),
    mfaSetup: (currentPassword) => call(client, 'POST', '/auth/mfa/totp/setup', { currentPassword }),
    mfaConfirm: (code) => call(client, 'POST', '/auth/mfa/totp/confirm', { code }),
    mfaDisable: (currentPassword, code) => call(client, 'DELETE', '/auth/mfa/totp', { currentPassword, code }),
    mfaNewRecoveryCodes: (code) => call(client, 'POST', '/auth/mfa/recovery-codes', { code }),
    users: (query, page) => call(client, 'GET', `/admin/users?query=${enc(query)}&page=${page}&size=20`),
    userSessions: (userId) => call(client, 'GET', `/admin/users/${enc(userId)}/sessions`),
    userHistory: (userId, before) =>
      call(client, 'GET', `/admin/users/${enc(userId)}/history?limit=20${before ? `&before=${enc(before)}` : ''}`),
    logoutUser: (userId) => call(client, 'POST', `/admin/users/${enc(userId)}/logout`),
    adminRevokeSession: (id) => call(client, 'DELETE', `/admin/sessions/${enc(id)}`),
    deactivateUser: (userId) => call(client, 'POST', `/admin/users/${enc(userId)}/deactivate`),
    reactivateUser: (userId) => call(client, 'POST', `/admin/users/${enc(userId)}/reactivate`),
    setUserRoles: (userId, roles) => call(client, 'PUT', `/admin/users/${enc(userId)}/roles`, { roles }),
    reports: (page) => call(client, 'GET', `/admin/reports?status=OPEN&page=${page}&size=20`),
    resolveReport: (id) => call(client, 'POST', `/admin/reports/${enc(id)}/resolve`),
  };
}

/** The location data's attribution (no sign-in needed): `{text, url}` or null. */
export async function locationAttribution() {
  const response = await fetch('/sessions/meta', { headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  const meta = await response.json();
  const attribution = meta?.locationAttribution;
  return attribution?.text ? attribution : null;
}
