/**
 * The console's wording of history events and of why sessions end: one entry per constant of session-contract's
 * EventType and EndReason (with the reason's kind), and nothing else; session-contract's ConsoleLabelsTest compares
 * this table with the enums both ways.
 */

export const EVENTS = {
  SIGNED_IN: { label: 'Signed in', icon: 'signIn', tone: 'ok' },
  SIGNED_OUT: { label: 'Signed out', icon: 'signOut', tone: 'neutral' },
  REVOKED: { label: 'Session revoked', icon: 'revoked', tone: 'warn' },
  EXPIRED: { label: 'Session expired', icon: 'expired', tone: 'neutral' },
  SIGN_IN_FAILED: { label: 'Failed sign-in attempt', icon: 'failed', tone: 'danger' },
  PASSWORD_CHANGED: { label: 'Password changed', icon: 'key', tone: 'ok' },
  PASSWORD_RESET: { label: 'Password reset with an emailed link', icon: 'key', tone: 'warn' },
  MFA_ENABLED: { label: 'Two-factor authentication turned on', icon: 'shield', tone: 'ok' },
  MFA_DISABLED: { label: 'Two-factor authentication turned off', icon: 'shield', tone: 'warn' },
  RECOVERY_CODE_USED: { label: 'Signed in with a recovery code', icon: 'key', tone: 'warn' },
  SESSION_REPORTED: { label: 'Session reported to an administrator', icon: 'failed', tone: 'danger' },
  ROLES_CHANGED: { label: 'Roles changed by an administrator', icon: 'shield', tone: 'neutral' },
  ADDRESS_CHANGED: { label: 'New address', icon: 'pin', tone: 'neutral' },
  ACCOUNT_DEACTIVATED: { label: 'Account deactivated by an administrator', icon: 'Unknown', tone: 'neutral' },
  ACCOUNT_REACTIVATED: { label: 'Account reactivated by an administrator', icon: 'Unknown', tone: 'neutral' },
};

export const REASONS = {
  USER_REVOKED: { label: 'Session revoked', kind: 'USER' },
  SIGN_OUT_OTHERS: { label: 'Signed out with “Sign out of all other devices”', kind: 'USER' },
  SIGN_OUT_ALL: { label: 'Signed out with “Sign out of all devices”', kind: 'USER' },
  PASSWORD_CHANGED: { label: 'Ended: password changed', kind: 'USER' },
  PASSWORD_RESET: { label: 'Ended: password reset', kind: 'USER' },
  REPORTED: { label: 'Ended: reported as not yours', kind: 'SECURITY' },
  ADMIN_LOGOUT: { label: 'Signed out by an administrator', kind: 'ADMIN' },
  ADMIN_REVOKED: { label: 'Session ended by an administrator', kind: 'ADMIN' },
  ACCOUNT_DEACTIVATED: { label: 'Ended: account deactivated by an administrator', kind: 'ADMIN' },
  REFRESH_TOKEN_REUSE: { label: 'Ended: refresh token reuse detected', kind: 'SECURITY' },
  SESSION_LIMIT: { label: 'Ended: too many sessions, this was the least recently used', kind: 'SYSTEM' },
  IDLE: { label: 'Expired after inactivity', kind: 'SYSTEM' },
  MAX_LIFETIME: { label: 'Expired: maximum session lifetime reached', kind: 'SYSTEM' },
};

/**
 * Why this tab's session ended, in a person's words, by the reason the server gives (a `reason` above, or
 * `SIGNED_OUT`): the "Your session has expired" banner says it. The durations are the defaults
 * (`auth.session.idle-timeout`, `auth.session.max-lifetime`).
 */
export const ENDED_WORDS = {
  SIGNED_OUT: 'You signed out of this session.',
  USER_REVOKED: 'You ended this session from another device.',
  SIGN_OUT_OTHERS: 'You signed out of all other devices from another session.',
  SIGN_OUT_ALL: 'You signed out of all devices.',
  PASSWORD_CHANGED: 'Your password was changed, which signed out your other sessions.',
  PASSWORD_RESET: 'Your password was reset, which signed out all your sessions.',
  REPORTED: 'This session was reported as not yours, so it was ended.',
  ADMIN_LOGOUT: 'An administrator signed you out.',
  ADMIN_REVOKED: 'An administrator ended this session.',
  ACCOUNT_DEACTIVATED: 'An administrator deactivated your account.',
  REFRESH_TOKEN_REUSE: 'This session’s sign-in was used from two places at once, so it was ended to protect your account.',
  SESSION_LIMIT: 'You were signed in on too many devices; this was the session used least recently.',
  IDLE: 'Your session ended after 24 hours without activity.',
  MAX_LIFETIME: 'Your session reached its maximum lifetime of 30 days.',
};

/** Session flags (`Session.flags`) in words, as the sessions list shows them. */
export const FLAGS = {
  NEW_DEVICE: 'New device',
  NEW_COUNTRY: 'New country',
  IMPOSSIBLE_TRAVEL: 'Unusual travel',
};
