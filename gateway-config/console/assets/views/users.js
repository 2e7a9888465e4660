/** "Users" (admins only): search, a user's sessions and activity, force logout, deactivate and reactivate, admin role. */
import { h, uid } from '../dom.js';
import { confirmAction } from '../dialog.js';
import { dateTime, describeSession, plural } from '../format.js';
import { sessionTable } from './session-table.js';
import { historyList } from './activity.js';

const SEARCH_DELAY_MS = 250;

export async function usersView(ctx) {
  if (!ctx.client.hasRole('admin')) {
    ctx.render(h('div', { class: 'page-head' }, h('div', {},
      ctx.heading('Users'),
      h('p', { class: 'lead' }, 'Only administrators can see the users of this service.'))));
    return;
  }

  const searchId = uid('user-search');
  const search = h('input', { id: searchId, type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Email or name' });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const tableSlot = h('div', { class: 'panel-body' }, h('p', { class: 'muted loading' }, 'Loading users…'));
  const previous = h('button', { type: 'button', class: 'button secondary small' }, 'Previous');
  const next = h('button', { type: 'button', class: 'button secondary small' }, 'Next');
  const pager = h('div', { class: 'panel-footer pager', hidden: true }, previous, next);
  const detail = h('div');
  let query = '';
  let page = 0;
  let searchTimer = null;
  let loadSeq = 0;

  const load = async () => {
    const seq = ++loadSeq;
    let result;
    try {
      result = await ctx.api.users(query, page);
    } catch (error) {
      tableSlot.replaceChildren(ctx.errorPanel(error, 'The users could not be loaded.', load));
      return;
    }
    // a slower answer to an older search must not replace a newer one
    if (seq !== loadSeq || !ctx.isCurrent()) return;
    const total = result.total ?? result.items.length;
    const first = total === 0 ? 0 : result.page * result.size + 1;
    const last = result.page * result.size + result.items.length;
    summary.textContent = total === 0
      ? (query ? `No users match “${query}”.` : 'No users yet.')
      : `${plural(total, 'user')}${total > result.items.length ? `, showing ${first}–${last}` : ''}.`;
    previous.disabled = result.page === 0;
    next.disabled = last >= total;
    pager.hidden = total <= result.size;
    tableSlot.replaceChildren(result.items.length ? usersTable(result.items) : h('p', { class: 'muted empty' }, 'Nothing to show.'));
  };

  const usersTable = (users) => h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table users-table' },
      h('caption', { class: 'visually-hidden' }, 'Users'),
      h('thead', {}, h('tr', {},
        ['Email', 'Name', 'Roles', 'Status', 'Created'].map((name) => h('th', { scope: 'col' }, name)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, users.map(userRow))));

  const userRow = (user) => {
    const emailId = uid('user-email');
    const self = user.id === ctx.client.user?.id;
    const active = user.status !== 'DEACTIVATED';
    return h('tr', { 'data-user-id': user.id, class: active ? null : 'is-inactive' },
      h('td', { 'data-label': 'Email' }, h('span', { id: emailId, class: 'strong' }, user.email),
        self ? h('span', { class: 'muted' }, ' (you)') : null),
      h('td', { 'data-label': 'Name' }, user.displayName || '—'),
      h('td', { 'data-label': 'Roles' }, (user.roles ?? []).map((role) => h('span', { class: `tag${role === 'admin' ? ' tag-admin' : ''}` }, role))),
      h('td', { 'data-label': 'Status' }, active
        ? h('span', { class: 'badge badge-ok' }, 'Active')
        : h('span', { class: 'badge badge-off' }, 'Deactivated')),
      h('td', { 'data-label': 'Created' }, user.createdAt ? h('time', { datetime: user.createdAt }, dateTime(user.createdAt)) : '—'),
      h('td', { class: 'actions' }, h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'button small secondary', 'aria-describedby': emailId,
          onclick: () => showUser(user) }, 'Sessions'),
        h('button', { type: 'button', class: 'button small secondary', 'aria-describedby': emailId,
          onclick: () => logout(user) }, 'Log out'),
        isAdmin(user)
          ? h('button', { type: 'button', class: 'button small secondary', 'aria-describedby': emailId,
            'data-action': 'role', onclick: () => setAdmin(user, false) }, 'Remove admin')
          : h('button', { type: 'button', class: 'button small secondary', 'aria-describedby': emailId,
            'data-action': 'role', onclick: () => setAdmin(user, true) }, 'Make admin'),
        active
          ? h('button', { type: 'button', class: 'button small danger-outline', 'aria-describedby': emailId,
            onclick: () => setActive(user, false) }, 'Deactivate')
          : h('button', { type: 'button', class: 'button small primary-outline', 'aria-describedby': emailId,
            onclick: () => setActive(user, true) }, 'Reactivate'))));
  };

  const logout = async (user) => {
    const confirmed = await confirmAction({
      title: `Log out ${user.email}?`,
      message: 'Every session of this user ends immediately, on all devices.',
      danger: true,
    });
    if (!confirmed) return;
    await ctx.run(async () => {
      const { revoked } = await ctx.api.logoutUser(user.id);
      ctx.announce(`${user.email} was signed out of ${plural(revoked, 'session')}.`);
      if (detail.dataset.userId === user.id) await showUser(user, { focus: false });
    });
  };

  const isAdmin = (user) => (user.roles ?? []).includes('admin');

  const setAdmin = async (user, admin) => {
    const confirmed = await confirmAction({
      title: admin ? `Make ${user.email} an administrator?` : `Remove administrator rights from ${user.email}?`,
      message: admin
        ? 'They can see every user and end anyone’s sessions from their next token refresh (within minutes).'
        : 'They lose administrator rights from their next token refresh (within minutes).',
      danger: !admin,
    });
    if (!confirmed) return;
    await ctx.run(async () => {
      await ctx.api.setUserRoles(user.id, admin ? ['user', 'admin'] : ['user']);
      ctx.announce(admin ? `${user.email} is now an administrator.` : `${user.email} is no longer an administrator.`);
      await load();
      tableSlot.querySelector(`tr[data-user-id="${CSS.escape(user.id)}"] [data-action="role"]`)?.focus();
    });
  };

  const setActive = async (user, activate) => {
    const confirmed = await confirmAction({
      title: activate ? `Reactivate ${user.email}?` : `Deactivate ${user.email}?`,
      message: activate
        ? 'They can sign in again.'
        : 'They cannot sign in any more, and every session of theirs ends immediately, on all devices.',
      danger: !activate,
    });
    if (!confirmed) return;
    await ctx.run(async () => {
      if (activate) await ctx.api.reactivateUser(user.id);
      else await ctx.api.deactivateUser(user.id);
      ctx.announce(activate ? `${user.email} was reactivated.` : `${user.email} was deactivated and signed out everywhere.`);
      await load();
      // keep the keyboard where it was: on the button that replaced the one just pressed
      tableSlot.querySelector(`tr[data-user-id="${CSS.escape(user.id)}"] .actions button:last-child`)?.focus();
      if (detail.dataset.userId === user.id) await showUser(user, { focus: false });
    });
  };

  const showUser = async (user, { focus = true } = {}) => {
    const headingId = uid('user-detail');
    const sessionsSlot = h('div', {}, h('p', { class: 'muted loading' }, 'Loading sessions…'));
    const close = h('button', { type: 'button', class: 'button small secondary', onclick: () => {
      detail.replaceChildren();
      delete detail.dataset.userId;
      tableSlot.querySelector(`tr[data-user-id="${CSS.escape(user.id)}"] button`)?.focus();
    } }, 'Close');
    const history = historyList(ctx, {
      fetchPage: (before) => ctx.api.userHistory(user.id, before),
      caption: `Recent activity of ${user.email}`,
      emptyText: 'No activity yet.',
    });
    const heading = h('h2', { id: headingId, tabindex: '-1' }, `Sessions of ${user.email}`);
    detail.dataset.userId = user.id;
    detail.replaceChildren(h('section', { class: 'panel user-detail', 'aria-labelledby': headingId },
      h('div', { class: 'panel-body panel-head' }, heading, close),
      h('div', { class: 'panel-body flush' }, sessionsSlot),
      h('div', { class: 'panel-body' }, h('h3', {}, 'Recent activity')),
      history.element));
    if (focus) heading.focus();

    const loadSessions = async () => {
      let sessions;
      try {
        sessions = await ctx.api.userSessions(user.id);
      } catch (error) {
        sessionsSlot.replaceChildren(ctx.errorPanel(error, 'The sessions could not be loaded.', loadSessions));
        return;
      }
      if (detail.dataset.userId !== user.id) return;
      sessionsSlot.replaceChildren(sessions.length
        ? sessionTable({ sessions, caption: `Active sessions of ${user.email}`, onRevoke: (session) => revoke(user, session, loadSessions) })
        : h('p', { class: 'muted empty padded' }, 'No active sessions.'));
    };
    await Promise.all([loadSessions(), history.load()]);
  };

  const revoke = async (user, session, reload) => {
    const confirmed = await confirmAction({
      title: 'Revoke this session?',
      message: `${user.email} on ${describeSession(session)} is signed out on its next action.`,
      danger: true,
    });
    if (!confirmed) return;
    await ctx.run(async () => {
      await ctx.api.adminRevokeSession(session.id);
      ctx.announce('Session revoked.');
      await reload();
    });
  };

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { query = search.value.trim(); page = 0; load(); }, SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    clearTimeout(searchTimer);
    query = search.value.trim();
    page = 0;
    load();
  });
  previous.addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
  next.addEventListener('click', () => { page += 1; load(); });

  ctx.render(
    h('div', { class: 'page-head' },
      h('div', {},
        ctx.heading('Users'),
        h('p', { class: 'lead' }, 'Find a user, see their sessions, sign them out everywhere, or deactivate the account.'))),
    h('section', { class: 'panel', 'aria-label': 'User list' },
      h('div', { class: 'panel-body search-bar', role: 'search' },
        h('div', { class: 'field' }, h('label', { for: searchId }, 'Search users'), search),
        summary),
      tableSlot,
      pager),
    detail);
  await load();
}
