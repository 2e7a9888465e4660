/** The account console: routing, page chrome, the "session expired" banner, and the views. */
import { SessionClient, SessionEndedError, ProblemError, idleTimeoutFromPage } from './session-client/src/index.js';
import { ENDED_WORDS } from './labels.js';
import { backend, locationAttribution } from './api.js';
import { h, svg } from './dom.js';
import { ICONS } from './icons.js';
import { signInView } from './views/signin.js';
import { sessionsView } from './views/sessions.js';
import { activityView } from './views/activity.js';
import { usersView } from './views/users.js';
import { forgotPasswordView, resetPasswordView, takeResetToken } from './views/recovery.js';
import { reportsView } from './views/reports.js';

const ROUTES = {
  '/sessions': { link: 'Sessions', title: 'Active sessions', view: sessionsView },
  '/activity': { link: 'Activity', title: 'Recent activity', view: activityView },
  '/users': { link: 'Users', title: 'Users', view: usersView, admin: true },
  '/reports': { link: 'Reports', title: 'Reports', view: reportsView, admin: true },
};
const HOME = '/sessions';
/** The token of an emailed reset link, read (and taken out of the address bar) once, before anything else runs. */
let resetToken = location.pathname === '/reset-password' ? takeResetToken() : null;
/** Pages for people who are not signed in (or cannot sign in): they render whatever the session. */
const RECOVERY = {
  '/forgot-password': {
    title: 'Reset your password',
    show: (ctx) => forgotPasswordView(ctx, { email: lastEmail }),
  },
  '/reset-password': {
    title: 'Choose a new password',
    show: (ctx) => resetPasswordView(ctx, {
      token: resetToken ?? takeResetToken(),
      onDone: () => {
        resetToken = null;
        // every session of the account has just ended, this tab's included
        client.forget();
        signInNotice = 'password-reset';
        navigate('/signin');
      },
    }),
  },
};
/** Per tab only, and only to fill in the sign-in form after a session ended: never a token. */
const LAST_EMAIL_KEY = 'console.lastEmail';
/** Set when this tab was signed out for inactivity: a reload must not resume the session silently. */
const TAB_SIGNED_OUT_KEY = 'console.tabSignedOut';

const client = new SessionClient({ idleTimeoutSeconds: idleTimeoutFromPage() });
const api = backend(client);

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
const bannerSlot = document.getElementById('banner-slot');
const live = document.getElementById('live');
const flash = document.getElementById('flash');

let renderSeq = 0;
let returnTo = null;
let signInNotice = null;
let ended = null;

const storage = {
  get(key) { try { return sessionStorage.getItem(key); } catch { return null; } },
  set(key, value) { try { sessionStorage.setItem(key, value); } catch { /* storage disabled: memory only */ } },
  remove(key) { try { sessionStorage.removeItem(key); } catch { /* storage disabled */ } },
};
let lastEmail = storage.get(LAST_EMAIL_KEY) ?? '';

function rememberEmail(email) {
  lastEmail = email;
  if (email) storage.set(LAST_EMAIL_KEY, email);
  else storage.remove(LAST_EMAIL_KEY);
}

// ---- chrome -------------------------------------------------------------------------------------------

function renderChrome() {
  const path = location.pathname;
  const user = client.user;
  const links = user && !ended
    ? Object.entries(ROUTES)
      .filter(([, route]) => !route.admin || client.hasRole('admin'))
      .map(([href, route]) => h('li', {},
        h('a', { href, 'data-route': '', 'aria-current': path === href ? 'page' : null }, route.link)))
    : [];
  nav.replaceChildren(...(links.length ? [h('ul', {}, links)] : []));
  nav.hidden = links.length === 0;
  account.replaceChildren(...(user && !ended ? [accountMenu(user)] : []));
}

/** The header's avatar: a menu button with "Account settings" (the sessions page) and "Sign out". */
function accountMenu(user) {
  const menuId = 'account-menu';
  const item = (text, onclick) => h('li', { role: 'none' },
    h('button', { type: 'button', role: 'menuitem', class: 'menu-item', tabindex: '-1', onclick }, text));
  const menu = h('ul', { id: menuId, class: 'menu', role: 'menu', 'aria-label': 'Account', hidden: true },
    item('Account settings', () => { close(); navigate(HOME); }),
    item('Sign out', () => { close(); signOut(); }));
  const button = h('button', { type: 'button', class: 'account-button', 'aria-haspopup': 'menu',
    'aria-expanded': 'false', 'aria-controls': menuId, 'aria-label': `Account menu of ${user.displayName || user.email}`,
    onclick: () => (menu.hidden ? open() : close()) },
  h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(user)),
  h('span', { class: 'stack' },
    h('span', { class: 'strong' }, user.displayName || user.email),
    user.displayName ? h('span', { class: 'muted small-text' }, user.email) : null));
  const items = () => [...menu.querySelectorAll('[role="menuitem"]')];
  function open() {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    items()[0].focus();
  }
  function close() {
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }
  menu.addEventListener('keydown', (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement);
    if (event.key === 'Escape') { close(); button.focus(); event.preventDefault(); }
    if (event.key === 'ArrowDown') { all[(at + 1) % all.length].focus(); event.preventDefault(); }
    if (event.key === 'ArrowUp') { all[(at - 1 + all.length) % all.length].focus(); event.preventDefault(); }
  });
  const wrapper = h('div', { class: 'account-menu' }, button, menu);
  wrapper.addEventListener('focusout', (event) => {
    if (!wrapper.contains(event.relatedTarget)) close();
  });
  return wrapper;
}

function initials(user) {
  const source = (user.displayName || user.email || '?').trim();
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 && user.displayName ? parts[1][0] : '')).toUpperCase();
}

function announce(message) {
  live.textContent = '';
  // a fresh text node each time, so that the same message twice is read twice
  setTimeout(() => { live.textContent = message; }, 30);
  showFlash(message, 'ok');
}

let flashTimer = null;
function showFlash(message, tone) {
  clearTimeout(flashTimer);
  flash.replaceChildren(h('div', { class: `flash-message tone-${tone}` }, message));
  flash.hidden = false;
  flashTimer = setTimeout(() => { flash.hidden = true; }, tone === 'ok' ? 4000 : 8000);
}

async function renderAttribution() {
  const slot = document.getElementById('attribution');
  try {
    const attribution = await locationAttribution();
    if (!attribution) return;
    const link = attribution.url
      ? h('a', { href: attribution.url, rel: 'noopener noreferrer', target: '_blank' }, attribution.text)
      : attribution.text;
    slot.replaceChildren(h('span', {}, 'Locations: '), link);
  } catch {
    // the footer stays without attribution; locations are then not shown either
  }
}

// ---- the banner ---------------------------------------------------------------------------------------

const ENDED_DETAIL = {
  expired: 'It was signed out elsewhere, by an administrator, or it timed out.',
  idle: 'This tab was signed out after a period without activity.',
  'signed-out': 'You signed out in another tab.',
};

function showExpiredBanner(reason, why) {
  ended = reason;
  // after signing back in, the user lands where they were
  if (ROUTES[location.pathname]) returnTo = location.pathname;
  if (reason === 'idle') storage.set(TAB_SIGNED_OUT_KEY, '1');
  const button = h('button', { type: 'button', class: 'button primary', onclick: signBackIn }, 'Sign back in');
  bannerSlot.replaceChildren(h('div', { class: 'banner', role: 'alert' },
    h('span', { class: 'banner-icon' }, svg(ICONS.warning)),
    h('div', { class: 'banner-text' },
      h('strong', {}, 'Your session has expired'),
      h('span', {}, (why && ENDED_WORDS[why]) || ENDED_DETAIL[reason] || ENDED_DETAIL.expired),
      h('span', {}, 'Unsaved changes on this page may be lost.')),
    button));
  main.inert = true;
  main.classList.add('is-ended');
  renderChrome();
  button.focus();
}

function signBackIn() {
  signInNotice = ended === 'idle' ? 'idle' : 'expired';
  clearBanner();
  navigate('/signin');
}

function clearBanner() {
  ended = null;
  bannerSlot.replaceChildren();
  main.inert = false;
  main.classList.remove('is-ended');
}

// ---- actions ------------------------------------------------------------------------------------------

async function signOut() {
  stopEvents();
  await client.signOut().catch(() => {});
  rememberEmail('');
  signInNotice = 'signed-out';
  navigate('/signin');
}

function signedOutEverywhere() {
  stopEvents();
  client.forget();
  signInNotice = 'signed-out-all';
  navigate('/signin');
}

/** A sentence for an error, or null when the session ended (the banner says it all). */
function describeError(error, byStatus = {}) {
  if (error instanceof SessionEndedError) return null;
  if (error instanceof ProblemError) {
    if (byStatus[error.status]) return byStatus[error.status];
    if (error.status >= 500) return 'The service is unavailable right now. Try again in a moment.';
    return error.problem.detail || error.problem.title || `The request failed (${error.status}).`;
  }
  return 'The service cannot be reached. Check your connection and try again.';
}

function errorPanel(error, what, retry) {
  const text = describeError(error);
  if (text === null) return h('p', { class: 'muted' }, 'Your session has ended.');
  return h('div', { class: 'inline-error', role: 'alert' },
    h('p', {}, h('strong', {}, what), ' ', text),
    h('button', { type: 'button', class: 'button secondary small', onclick: retry }, 'Try again'));
}

/** Runs a user action; failures show a message (or, when the session ended, nothing: the banner does). */
async function run(action) {
  try {
    await action();
  } catch (error) {
    const text = describeError(error);
    if (text) showFlash(text, 'error');
  }
}

// ---- routing ------------------------------------------------------------------------------------------

function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else if (location.pathname !== path || location.search) history.pushState(null, '', path);
  route({ focus: true });
}

function context(seq) {
  return {
    client,
    api,
    announce,
    describeError,
    errorPanel,
    run,
    signedOutEverywhere,
    // before this tab ends its own session: its stream would announce the ending as if it came from elsewhere
    pauseLiveEvents: () => stopEvents(),
    resumeLiveEvents: () => followEvents(),
    isCurrent: () => seq === renderSeq && !ended,
    heading: (text, id) => h('h1', { id, tabindex: '-1' }, text),
    render: (...nodes) => {
      if (seq === renderSeq) main.replaceChildren(...nodes);
    },
  };
}

async function route({ focus = false } = {}) {
  const seq = ++renderSeq;
  const path = location.pathname;
  if (RECOVERY[path]) {
    renderChrome();
    document.title = `${RECOVERY[path].title} · Account console`;
    RECOVERY[path].show(context(seq));
    return;
  }
  if (!client.authenticated) {
    if (path !== '/signin') {
      if (ROUTES[path]) returnTo = path;
      history.replaceState(null, '', '/signin');
    }
    renderChrome();
    document.title = 'Sign in · Account console';
    signInView(context(seq), {
      email: lastEmail,
      notice: signInNotice,
      onSignedIn: (email) => {
        rememberEmail(email);
        storage.remove(TAB_SIGNED_OUT_KEY);
        signInNotice = null;
        clearBanner();
        const target = returnTo && (!ROUTES[returnTo].admin || client.hasRole('admin')) ? returnTo : HOME;
        returnTo = null;
        navigate(target, { replace: true });
      },
    });
    return;
  }
  if (!ROUTES[path]) {
    history.replaceState(null, '', HOME);
    return route({ focus });
  }
  const target = ROUTES[path];
  shownUserId = client.user?.id ?? null;
  document.title = `${target.title} · Account console`;
  renderChrome();
  const ctx = context(seq);
  const rendering = target.view(ctx);
  if (focus) main.querySelector('h1')?.focus();
  try {
    await rendering;
  } catch (error) {
    const text = describeError(error);
    if (text) showFlash(text, 'error');
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-route]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(new URL(link.href).pathname);
});
window.addEventListener('popstate', () => route({ focus: true }));

client.onEnded((reason, detail) => {
  stopEvents();
  if (detail.user?.email) rememberEmail(detail.user.email);
  showExpiredBanner(reason, detail.why);
});

// the server's word on this tab's session and the user's others, without waiting for the next action
let stopEvents = () => {};
function followEvents() {
  stopEvents();
  stopEvents = client.sessions.follow({
    onChanged: () => window.dispatchEvent(new CustomEvent('console:sessions-changed')),
  });
}

let shownUserId = null;
client.addEventListener('session', (event) => {
  followEvents();
  if (ended) return;
  // another tab signed in as someone else: this tab now acts for that user, so it must not show the other's data
  if (shownUserId && event.detail.user?.id !== shownUserId) route();
  else renderChrome();
});

async function boot() {
  renderAttribution();
  main.replaceChildren(h('p', { class: 'muted loading boot' }, 'Loading…'));
  try {
    if (!storage.get(TAB_SIGNED_OUT_KEY)) await client.start();
  } catch (error) {
    main.replaceChildren(h('div', { class: 'panel boot-error' }, h('div', { class: 'panel-body' },
      errorPanel(error, 'The console could not start.', () => boot()))));
    return;
  }
  if (client.user?.email) rememberEmail(client.user.email);
  if (storage.get(TAB_SIGNED_OUT_KEY)) signInNotice = 'idle';
  route();
}

boot();
