/**
 * Account recovery, for people who are not signed in: "Forgot password?" (Email, Send reset link) and the page the
 * emailed link opens (New password, Set new password). The link carries its token in the fragment
 * (/reset-password#token=…), which browsers never send to a server; the page takes it out of the address bar at once
 * and sends it only in the body of the reset request.
 */
import { h, svg, uid } from '../dom.js';
import { ICONS } from '../icons.js';

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body), credentials: 'omit' });
  let problem = {};
  if (!response.ok) {
    try { problem = await response.json(); } catch { /* the status alone has to do */ }
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return { status: response.status, problem, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null };
}

function minutes(seconds) {
  const n = Math.max(1, Math.ceil(seconds / 60));
  return `${n} minute${n === 1 ? '' : 's'}`;
}

function card(ctx, title, intro, ...content) {
  const headingId = uid('recovery-heading');
  ctx.render(h('div', { class: 'signin' },
    h('section', { class: 'signin-card', 'aria-labelledby': headingId },
      h('div', { class: 'signin-brand' }, svg(ICONS.shield)),
      ctx.heading(title, headingId),
      h('p', { class: 'muted center' }, intro),
      ...content)));
}

function backToSignIn() {
  return h('p', { class: 'center' }, h('a', { href: '/signin', 'data-route': '' }, 'Back to sign in'));
}

/**
 * "Forgot password?": one answer whatever the email, as the service gives it.
 * @param {object} ctx the app context
 * @param {{email?:string}} options
 */
export function forgotPasswordView(ctx, { email = '' } = {}) {
  const emailId = uid('email');
  const message = h('div', { class: 'form-message', role: 'status' });
  const emailInput = h('input', { id: emailId, name: 'email', type: 'email', autocomplete: 'username',
    required: true, value: email, maxlength: 320 });
  const submit = h('button', { type: 'submit', class: 'button primary block' }, 'Send reset link');

  const onSubmit = async (event) => {
    event.preventDefault();
    message.textContent = '';
    message.className = 'form-message';
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const answer = await post('/auth/password/forgot', { email: emailInput.value.trim() });
      if (answer.status === 202) {
        message.className = 'form-message success';
        message.textContent = 'If an account with this email exists, we have sent it a link to reset the password. '
          + 'Check your inbox; the link works once and for a limited time.';
      } else {
        message.className = 'form-message error';
        message.textContent = answer.status === 400 ? 'Enter an email address such as name@example.com.'
          : answer.status === 429 ? `Too many reset requests. Try again in ${minutes(answer.retryAfterSeconds ?? 3600)}.`
            : 'The service is unavailable right now. Try again in a moment.';
      }
    } catch {
      message.className = 'form-message error';
      message.textContent = 'The service cannot be reached. Check your connection and try again.';
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  };

  card(ctx, 'Reset your password', 'We will email you a link to choose a new password.',
    h('form', { class: 'form', onsubmit: onSubmit },
      h('div', { class: 'field' }, h('label', { for: emailId }, 'Email'), emailInput),
      message,
      submit),
    backToSignIn());
  emailInput.focus();
}

/** Takes the token out of the address (#token=…) and out of the history entry; null when there is none. */
export function takeResetToken(loc = globalThis.location, hist = globalThis.history) {
  const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (loc.hash) hist.replaceState(hist.state, '', loc.pathname);
  return token && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}

/**
 * The page of the emailed link.
 * @param {object} ctx the app context
 * @param {{token:string|null, onDone:()=>void}} options
 */
export function resetPasswordView(ctx, { token, onDone }) {
  if (!token) {
    card(ctx, 'Choose a new password', 'This link is incomplete or was already opened in this tab.',
      h('p', { class: 'center' }, h('a', { href: '/forgot-password', 'data-route': '' }, 'Ask for a new link')),
      backToSignIn());
    return;
  }
  const passwordId = uid('new-password');
  const hintId = uid('new-password-hint');
  const errorBox = h('div', { class: 'form-message error', role: 'alert' });
  const passwordInput = h('input', { id: passwordId, name: 'newPassword', type: 'password',
    autocomplete: 'new-password', required: true, maxlength: 1024, 'aria-describedby': hintId });
  const submit = h('button', { type: 'submit', class: 'button primary block' }, 'Set new password');
  const askAgain = h('p', { class: 'center', hidden: true },
    h('a', { href: '/forgot-password', 'data-route': '' }, 'Ask for a new link'));

  const onSubmit = async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const answer = await post('/auth/password/reset', { token, newPassword: passwordInput.value });
      if (answer.status === 204) {
        onDone();
        return;
      }
      // a 400 is either the link (used, expired, voided by a newer one) or the password policy
      const badLink = answer.status === 400 && /link/i.test(answer.problem.detail ?? '');
      errorBox.textContent = badLink ? 'This reset link is invalid, used or expired. Ask for a new one.'
        : answer.status === 400 ? 'Choose a password of at least 10 characters.'
          : 'The service is unavailable right now. Try again in a moment.';
      askAgain.hidden = !badLink;
      passwordInput.focus();
    } catch {
      errorBox.textContent = 'The service cannot be reached. Check your connection and try again.';
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  };

  card(ctx, 'Choose a new password', 'Setting it signs you out on every device.',
    h('form', { class: 'form', onsubmit: onSubmit },
      h('div', { class: 'field' },
        h('label', { for: passwordId }, 'New password'),
        passwordInput,
        h('span', { id: hintId, class: 'hint' }, 'At least 10 characters.')),
      errorBox,
      submit),
    askAgain,
    backToSignIn());
  passwordInput.focus();
}
