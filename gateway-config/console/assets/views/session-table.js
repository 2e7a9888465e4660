/** The sessions table shared by "Active sessions" and the admin's view of a user's sessions. */
import { h, svg, uid } from '../dom.js';
import { ICONS } from '../icons.js';
import { FLAGS } from '../labels.js';
import { browser, dateTime, deviceSummary, deviceType, fullDateTime, operatingSystem, place, relative } from '../format.js';

const COLUMNS = ['Device', 'Browser', 'Location', 'IP address', 'First sign-in', 'Last activity', 'Expires'];

function time(iso, text) {
  return h('time', { datetime: iso, title: fullDateTime(iso) }, text);
}

/** The sign-in's flags in words ("New device", "New country", "Unusual travel"), or nothing. */
function flags(names) {
  const known = (names ?? []).filter((name) => FLAGS[name]);
  if (!known.length) return null;
  return h('span', { class: 'flags' }, known.map((name) => h('span', { class: 'badge badge-flag' }, FLAGS[name])));
}

function row(session, onRevoke) {
  const type = deviceType(session.device);
  const os = operatingSystem(session.device);
  const descriptionId = uid('session');
  const where = place(session.location);
  const cells = [
    h('td', { 'data-label': 'Device' },
      h('span', { class: 'device' },
        h('span', { class: `device-icon device-${type.toLowerCase()}` }, svg(ICONS[type])),
        h('span', { class: 'stack' },
          h('span', { class: 'device-type' }, type),
          os ? h('span', { class: 'muted' }, os) : null,
          flags(session.flags)),
        h('span', { id: descriptionId, class: 'visually-hidden' }, `${deviceSummary(session.device)}, ${where}`))),
    h('td', { 'data-label': 'Browser', class: 'nowrap' }, browser(session.device)),
    h('td', { 'data-label': 'Location', class: session.location ? null : 'muted' }, where),
    h('td', { 'data-label': 'IP address', class: 'mono nowrap' }, session.ipAddress ?? '—'),
    h('td', { 'data-label': 'First sign-in' }, time(session.createdAt, dateTime(session.createdAt))),
    h('td', { 'data-label': 'Last activity' },
      h('span', { class: 'stack' },
        time(session.lastActivityAt, dateTime(session.lastActivityAt)),
        h('span', { class: 'muted' }, relative(session.lastActivityAt)))),
    h('td', { 'data-label': 'Expires' }, time(session.expiresAt, relative(session.expiresAt))),
  ];
  const action = session.current
    ? h('span', { class: 'badge badge-current' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), 'This session')
    : h('button', { type: 'button', class: 'button small danger-outline', 'aria-describedby': descriptionId,
      onclick: (event) => onRevoke(session, event.currentTarget) }, 'Revoke');
  return h('tr', { class: session.current ? 'is-current' : null, 'data-session-id': session.id },
    cells, h('td', { class: 'actions' }, action));
}

/**
 * @param {{sessions:object[], caption:string, onRevoke:(session:object, button:HTMLButtonElement)=>void}} options
 */
export function sessionTable({ sessions, caption, onRevoke }) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table sessions-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {},
        COLUMNS.map((name) => h('th', { scope: 'col' }, name)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, sessions.map((session) => row(session, onRevoke)))));
}
