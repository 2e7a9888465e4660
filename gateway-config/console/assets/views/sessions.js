/** "Active sessions": the caller's live sessions, revoking one, others or all, and the password change. */
import { h, uid } from '../dom.js';
import { confirmAction } from '../dialog.js';
import { describeSession, plural } from '../format.js';
import { sessionTable } from './session-table.js';
import { twoFactorSection } from './two-factor.js';

export async function sessionsView(ctx) {
  const tableSlot = h('div', { class: 'panel-body' }, h('p', { class: 'muted loading' }, 'Loading your sessions…'));
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });

  const load = async () => {
    let sessions;
    try {
      sessions = await ctx.api.sessions();
    } catch (error) {
      tableSlot.replaceChildren(ctx.errorPanel(error, 'Your sessions could not be loaded.', load));
      return;
    }
    if (!ctx.isCurrent()) return;
    count.textContent = `${plural(sessions.length, 'active session')} on your account.`;
    tableSlot.replaceChildren(sessionTable({ sessions, caption: 'Your active sessions', onRevoke: revoke }));
  };

  const revoke = async (session) => {
    const report = reportFields();
    const confirmed = await confirmAction({
      title: 'Revoke this session?',
      message: `${describeSession(session)} is signed out on its next action.`,
      danger: true,
      fields: report.fields,
    });
    if (!confirmed) return;
    await ctx.run(async () => {
      if (report.checkbox.checked) {
        // reporting revokes it too, in the same step
        await ctx.api.reportSession(session.id, report.note.value.trim());
        ctx.announce('Session revoked and reported to an administrator.');
      } else {
        await ctx.api.revokeSession(session.id);
        ctx.announce('Session revoked.');
      }
      await load();
    });
  };

  const signOutOthers = async () => {
    const confirmed = await confirmAction({
      title: 'Sign out of all other devices?',
      message: 'Every session except this one ends immediately. Those devices have to sign in again.',
      danger: true,
    });
    if (!confirmed) return;
    await ctx.run(async () => {
      const { revoked } = await ctx.api.signOutOthers();
      ctx.announce(revoked ? `Signed out of ${plural(revoked, 'other session')}.` : 'There were no other sessions.');
      await load();
    });
  };

  const signOutAll = async () => {
    const confirmed = await confirmAction({
      title: 'Sign out of all devices?',
      message: 'All your sessions end immediately, including this one. You will have to sign in again.',
      danger: true,
    });
    if (!confirmed) return;
    ctx.pauseLiveEvents();
    await ctx.run(async () => {
      try {
        await ctx.api.signOutAll();
      } catch (error) {
        ctx.resumeLiveEvents();
        throw error;
      }
      ctx.signedOutEverywhere();
    });
  };

  // another session of the user started or ended (GET /sessions/events): the list follows by itself
  const onChanged = () => {
    if (!ctx.isCurrent()) {
      window.removeEventListener('console:sessions-changed', onChanged);
      return;
    }
    load();
  };
  window.addEventListener('console:sessions-changed', onChanged);

  ctx.render(
    h('div', { class: 'page-head' },
      h('div', {},
        ctx.heading('Active sessions'),
        h('p', { class: 'lead' }, 'The devices signed in to your account. If you see one you do not recognise, '
          + 'revoke it and change your password.'),
        count),
      h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Sign out' },
        h('button', { type: 'button', class: 'button secondary', onclick: signOutOthers }, 'Sign out of all other devices'),
        h('button', { type: 'button', class: 'button danger', onclick: signOutAll }, 'Sign out of all devices'))),
    h('section', { class: 'panel', 'aria-label': 'Sessions' }, tableSlot),
    helpSection(),
    passwordSection(ctx, load),
    twoFactorSection(ctx));
  await load();
}

/** Short answers to what people ask about this page. */
function helpSection() {
  const answer = (question, ...text) => h('details', { class: 'help-item' },
    h('summary', {}, question), ...text.map((paragraph) => h('p', {}, paragraph)));
  return h('section', { class: 'panel', 'aria-labelledby': 'help-heading' },
    h('div', { class: 'panel-body' },
      h('h2', { id: 'help-heading' }, 'Help'),
      answer('Why was I signed out?',
        'A session ends when you sign out, when you (or an administrator) revoke it or sign out of all devices, '
          + 'when your password is changed or reset, after 24 hours without activity (unless you chose “Remember me”), '
          + 'and at the latest 30 days after signing in. A tab also signs itself out after 2 hours without use.',
        'The banner that appears says which of these it was. The Activity page lists every ending with its reason.'),
      answer('Why is the location unknown?',
        'The location is estimated from the IP address. Private and company networks, some VPNs, and addresses '
          + 'missing from the location database have no known location. It is approximate even when shown.'),
      answer('What do “New device”, “New country” and “Unusual travel” mean?',
        'They mark a sign-in that differs from your sign-ins of the last 90 days: a device or browser, or a '
          + 'country, you had not used, or a place too far from your previous sign-in to travel in the time between. '
          + 'If you do not recognise such a session, revoke it and change your password.')));
}

/** The revoke dialog's "Report this session to an administrator" checkbox and its optional note. */
function reportFields() {
  const checkbox = h('input', { id: uid('report-session'), type: 'checkbox' });
  const noteId = uid('report-note');
  const note = h('textarea', { id: noteId, rows: 3, maxlength: 1000, disabled: true,
    placeholder: 'What made you suspicious? (optional)' });
  const noteField = h('div', { class: 'field', hidden: true },
    h('label', { for: noteId }, 'Note for the administrator (optional)'), note);
  checkbox.addEventListener('change', () => {
    noteField.hidden = !checkbox.checked;
    note.disabled = !checkbox.checked;
  });
  return {
    checkbox,
    note,
    fields: [
      h('div', { class: 'field checkbox' }, checkbox,
        h('label', { for: checkbox.id }, 'Report this session to an administrator')),
      noteField,
    ],
  };
}

function passwordSection(ctx, reloadSessions) {
  const currentId = uid('current-password');
  const newId = uid('new-password');
  const hintId = uid('password-hint');
  const message = h('p', { class: 'form-message', role: 'status' });
  const current = h('input', { id: currentId, type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: newId, type: 'password', autocomplete: 'new-password', required: true,
    minlength: 10, 'aria-describedby': hintId });
  const others = h('input', { id: uid('sign-out-others'), type: 'checkbox' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Change password');

  const onSubmit = async (event) => {
    event.preventDefault();
    message.textContent = '';
    message.className = 'form-message';
    submit.disabled = true;
    const signOutOthers = others.checked;
    try {
      await ctx.api.changePassword({ currentPassword: current.value, newPassword: next.value,
        signOutOtherSessions: signOutOthers });
      form.reset();
      username.value = ctx.client.user?.email ?? '';
      message.textContent = signOutOthers ? 'Password changed. Your other sessions were signed out.' : 'Password changed.';
      message.classList.add('success');
      if (signOutOthers) await reloadSessions();
    } catch (error) {
      const text = ctx.describeError(error, {
        400: 'The current password is wrong, or the new one is too short (at least 10 characters).',
        403: 'The current password is wrong.',
      });
      if (text) {
        message.textContent = text;
        message.classList.add('error');
      }
    } finally {
      submit.disabled = false;
    }
  };

  // password managers pair the new password with the account by this (hidden) username field
  const username = h('input', { type: 'email', name: 'username', autocomplete: 'username', hidden: true,
    readonly: true, tabindex: '-1', value: ctx.client.user?.email ?? '' });
  const form = h('form', { class: 'form password-form', onsubmit: onSubmit },
    username,
    h('div', { class: 'field' }, h('label', { for: currentId }, 'Current password'), current),
    h('div', { class: 'field' }, h('label', { for: newId }, 'New password'), next,
      h('span', { id: hintId, class: 'hint' }, 'At least 10 characters.')),
    h('div', { class: 'field checkbox' }, others, h('label', { for: others.id }, 'Also sign out my other sessions')),
    h('div', { class: 'form-actions' }, submit),
    message);

  return h('section', { class: 'panel', 'aria-labelledby': 'password-heading' },
    h('div', { class: 'panel-body' },
      h('h2', { id: 'password-heading' }, 'Change password'),
      h('p', { class: 'muted' }, 'Your other sessions stay signed in unless you choose otherwise. '
        + 'If you suspect an intrusion, sign out of all devices as well.'),
      form));
}
