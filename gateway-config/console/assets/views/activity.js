/** "Recent activity": the caller's history, newest first, as sentences, with "Load more". */
import { h, svg } from '../dom.js';
import { ICONS } from '../icons.js';
import { dateTime, deviceSummary, eventLook, eventSentence, fullDateTime, place, relative } from '../format.js';

/** Rows for history events; `currentSessionId` marks events of this tab's session. */
export function historyRows(events, currentSessionId) {
  return events.map((event) => {
    const look = eventLook(event);
    const isThis = currentSessionId && event.sessionId === currentSessionId;
    const device = event.device ? deviceSummary(event.device) : '—';
    return h('tr', { 'data-event-type': event.type },
      h('td', { 'data-label': 'Event' },
        h('span', { class: 'event' },
          h('span', { class: `event-icon tone-${look.tone}` }, svg(ICONS[look.icon])),
          h('span', { class: 'stack' },
            h('span', { class: 'event-text' }, eventSentence(event)),
            event.actor?.type === 'ADMIN' && event.type !== 'REVOKED'
              ? h('span', { class: 'muted' }, 'by an administrator') : null,
            isThis ? h('span', { class: 'badge badge-current small' }, 'This session') : null))),
      h('td', { 'data-label': 'Device' }, device),
      h('td', { 'data-label': 'Location', class: event.location ? null : 'muted' }, place(event.location)),
      h('td', { 'data-label': 'IP address', class: 'mono' }, event.ipAddress ?? '—'),
      h('td', { 'data-label': 'Time' },
        h('span', { class: 'stack' },
          h('time', { datetime: event.at, title: fullDateTime(event.at) }, dateTime(event.at)),
          h('span', { class: 'muted' }, relative(event.at)))));
  });
}

/** A history table with its "Load more" button, fed by `fetchPage(before)`. */
export function historyList(ctx, { fetchPage, caption, currentSessionId = null, emptyText }) {
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table history-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ['Event', 'Device', 'Location', 'IP address', 'Time'].map((name) => h('th', { scope: 'col' }, name)))),
      body));
  const status = h('div', { class: 'panel-body' }, h('p', { class: 'muted loading' }, 'Loading activity…'));
  const more = h('button', { type: 'button', class: 'button secondary' }, 'Load more');
  const footer = h('div', { class: 'panel-footer', hidden: true }, more);
  let next = null;

  const loadPage = async (before) => {
    let page;
    try {
      page = await fetchPage(before);
    } catch (error) {
      status.hidden = false;
      status.replaceChildren(ctx.errorPanel(error, 'The activity could not be loaded.', () => loadPage(before)));
      return;
    }
    if (!ctx.isCurrent()) return;
    const rows = historyRows(page.events ?? [], currentSessionId);
    body.append(...rows);
    next = page.next ?? null;
    footer.hidden = next === null;
    if (body.childElementCount === 0) {
      status.replaceChildren(h('p', { class: 'muted empty' }, emptyText));
    } else {
      status.hidden = true;
      if (!table.isConnected) status.after(table);
    }
    if (before && rows.length) ctx.announce(`${rows.length} more events loaded.`);
  };

  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      await loadPage(next);
    } finally {
      more.disabled = false;
    }
  });

  return { element: h('div', {}, status, footer), load: () => loadPage(null), table };
}

export async function activityView(ctx) {
  const list = historyList(ctx, {
    fetchPage: (before) => ctx.api.history(before),
    caption: 'Your recent account activity, newest first',
    currentSessionId: ctx.client.sessionId,
    emptyText: 'No activity yet.',
  });
  ctx.render(
    h('div', { class: 'page-head' },
      h('div', {},
        ctx.heading('Recent activity'),
        h('p', { class: 'lead' }, 'Sign-ins, sign-outs and other security events on your account, newest first.'))),
    h('section', { class: 'panel', 'aria-label': 'Activity' }, list.element));
  await list.load();
}
