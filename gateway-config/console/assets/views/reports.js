/** "Reports" (admins only): sessions their users reported, newest first, each resolved with one button. */
import { h } from '../dom.js';
import { browser, dateTime, deviceSummary, fullDateTime, place, plural } from '../format.js';

export async function reportsView(ctx) {
  if (!ctx.client.hasRole('admin')) {
    ctx.render(h('div', { class: 'page-head' }, h('div', {},
      ctx.heading('Reports'),
      h('p', { class: 'lead' }, 'Only administrators can see reported sessions.'))));
    return;
  }

  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const tableSlot = h('div', { class: 'panel-body' }, h('p', { class: 'muted loading' }, 'Loading reports…'));
  const previous = h('button', { type: 'button', class: 'button secondary small' }, 'Previous');
  const next = h('button', { type: 'button', class: 'button secondary small' }, 'Next');
  const pager = h('div', { class: 'panel-footer pager', hidden: true }, previous, next);
  let page = 0;

  const load = async () => {
    let result;
    try {
      result = await ctx.api.reports(page);
    } catch (error) {
      tableSlot.replaceChildren(ctx.errorPanel(error, 'The reports could not be loaded.', load));
      return;
    }
    if (!ctx.isCurrent()) return;
    if (result.items.length === 0 && page > 0) {
      // the last one on this page was resolved: show the page before
      page -= 1;
      await load();
      return;
    }
    const last = result.page * result.size + result.items.length;
    summary.textContent = result.total === 0
      ? 'No open reports.'
      : `${plural(result.total, 'open report')}.`;
    previous.disabled = result.page === 0;
    next.disabled = last >= result.total;
    pager.hidden = result.total <= result.size;
    tableSlot.replaceChildren(result.items.length
      ? reportsTable(result.items)
      : h('p', { class: 'muted empty' }, 'Nothing to review.'));
  };

  const resolve = async (report) => {
    await ctx.run(async () => {
      await ctx.api.resolveReport(report.id);
      ctx.announce('Report resolved.');
      await load();
    });
  };

  const reportsTable = (reports) => h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table reports-table' },
      h('caption', { class: 'visually-hidden' }, 'Open reports'),
      h('thead', {}, h('tr', {},
        ['User', 'Device', 'Location', 'IP address', 'Note', 'Reported'].map((name) => h('th', { scope: 'col' }, name)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, reports.map((report) => {
        const session = report.session ?? {};
        return h('tr', { 'data-report-id': report.id },
          h('td', { 'data-label': 'User' }, report.email ?? report.userId),
          h('td', { 'data-label': 'Device' },
            h('span', { class: 'stack' },
              h('span', {}, deviceSummary(session.device)),
              h('span', { class: 'muted' }, `${session.device?.type ?? 'Unknown'} · ${browser(session.device)}`))),
          h('td', { 'data-label': 'Location', class: session.location ? null : 'muted' }, place(session.location)),
          h('td', { 'data-label': 'IP address', class: 'mono nowrap' }, session.ipAddress ?? '—'),
          h('td', { 'data-label': 'Note', class: report.note ? 'note' : 'note muted' }, report.note ?? 'No note'),
          h('td', { 'data-label': 'Reported' },
            h('time', { datetime: report.reportedAt, title: fullDateTime(report.reportedAt) }, dateTime(report.reportedAt))),
          h('td', { class: 'actions' },
            h('button', { type: 'button', class: 'button small secondary', onclick: () => resolve(report) },
              'Resolve')));
      }))));

  previous.addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
  next.addEventListener('click', () => { page += 1; load(); });

  ctx.render(
    h('div', { class: 'page-head' },
      h('div', {},
        ctx.heading('Reports'),
        h('p', { class: 'lead' }, 'Sessions that their users did not recognise and reported. Each was signed out '
          + 'when it was reported; check the account, then resolve the report.'),
        summary)),
    h('section', { class: 'panel', 'aria-label': 'Open reports' }, tableSlot, pager));
  await load();
}
