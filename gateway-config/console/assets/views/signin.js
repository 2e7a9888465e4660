/** The sign-in page: Email, Password, Remember me, Sign in; then, for two-factor accounts, Authentication code. */
import { h, svg, uid } from '../dom.js';
import { ICONS } from '../icons.js';

const NOTICES = {
  expired: 'Your session has expired. Sign in again to continue.',
  idle: 'You were signed out of this tab after a period without activity. Sign in again to continue.',
  'signed-out': 'You have signed out.',
  'signed-out-all': 'You signed out of all devices.',
  'password-reset': 'Your new password is set and every device was signed out. Sign in with your new password.',
};

/**
 * @param {object} ctx the app context
 * @param {{email?:string, notice?:string, onSignedIn:(email:string)=>void}} options
 */
export function signInView(ctx, { email = '', notice = null, onSignedIn }) {
  const emailId = uid('email');
  const passwordId = uid('password');
  const rememberId = uid('remember');
  const errorBox = h('div', { class: 'form-message error', role: 'alert' });
  const emailInput = h('input', { id: emailId, name: 'email', type: 'email', autocomplete: 'username',
    required: true, value: email, maxlength: 320 });
  const passwordInput = h('input', { id: passwordId, name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const rememberHintId = uid('remember-hint');
  const remember = h('input', { id: rememberId, name: 'rememberMe', type: 'checkbox', 'aria-describedby': rememberHintId });
  const submit = h('button', { type: 'submit', class: 'button primary block' }, 'Sign in');

  const onSubmit = async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const signedIn = await ctx.client.signIn({ email: emailInput.value.trim(), password: passwordInput.value,
        rememberMe: remember.checked });
      if (signedIn?.mfaRequired) {
        secondStepView(ctx, { email: emailInput.value.trim(), mfaToken: signedIn.mfaToken, onSignedIn });
        return;
      }
      onSignedIn(emailInput.value.trim());
    } catch (error) {
      errorBox.textContent = ctx.describeError(error, {
        400: 'Check the email address and password.',
        401: 'Wrong email or password.',
        403: 'This account is deactivated. Contact your administrator.',
        429: error.retryAfterSeconds
          ? `Too many failed sign-in attempts. Try again in ${Math.max(1, Math.ceil(error.retryAfterSeconds / 60))} minutes.`
          : 'Too many failed sign-in attempts. Try again later.',
        503: 'Sign-in is unavailable right now. Try again in a moment.',
      }) ?? '';
      passwordInput.value = '';
      passwordInput.focus();
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  };

  const headingId = uid('signin-heading');
  ctx.render(h('div', { class: 'signin' },
    h('section', { class: 'signin-card', 'aria-labelledby': headingId },
      h('div', { class: 'signin-brand' }, svg(ICONS.shield)),
      ctx.heading('Sign in', headingId),
      h('p', { class: 'muted center' }, 'to manage your sessions and account security'),
      notice && NOTICES[notice] ? h('p', { class: 'notice', role: 'status' }, NOTICES[notice]) : null,
      h('form', { class: 'form', onsubmit: onSubmit },
        h('div', { class: 'field' }, h('label', { for: emailId }, 'Email'), emailInput),
        h('div', { class: 'field' }, h('label', { for: passwordId }, 'Password'), passwordInput),
        h('div', { class: 'field checkbox' }, remember,
          h('label', { for: rememberId }, 'Remember me'),
          h('span', { id: rememberHintId, class: 'hint' }, 'Stay signed in on this device for 30 days.')),
        errorBox,
        submit),
      h('p', { class: 'center forgot-link' }, h('a', { href: '/forgot-password', 'data-route': '' }, 'Forgot password?')))));
  (email ? passwordInput : emailInput).focus();
}

/**
 * The second step of a sign-in for an account with two-factor authentication: a code from the authenticator app or
 * a recovery code. A step that expired or took too many wrong codes sends the user back to the password.
 */
function secondStepView(ctx, { email, mfaToken, onSignedIn }) {
  const codeId = uid('code');
  const hintId = uid('code-hint');
  const errorBox = h('div', { class: 'form-message error', role: 'alert' });
  const codeInput = h('input', { id: codeId, name: 'code', type: 'text', autocomplete: 'one-time-code',
    autocapitalize: 'off', spellcheck: 'false', required: true, maxlength: 32, 'aria-describedby': hintId });
  const submit = h('button', { type: 'submit', class: 'button primary block' }, 'Verify');
  const restart = () => signInView(ctx, { email, onSignedIn });

  const onSubmit = async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      await ctx.client.verifySecondFactor({ mfaToken, code: codeInput.value.trim() });
      onSignedIn(email);
    } catch (error) {
      const expired = error?.status === 401 && /expired/i.test(error.problem?.detail ?? '');
      errorBox.textContent = ctx.describeError(error, {
        401: expired ? 'This sign-in has expired. Sign in again.' : 'That code did not work. Check it and try again.',
        403: 'This account is deactivated. Contact your administrator.',
        429: 'Too many failed sign-in attempts. Try again later.',
        503: 'Sign-in is unavailable right now. Try again in a moment.',
      }) ?? '';
      codeInput.value = '';
      codeInput.focus();
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  };

  const headingId = uid('mfa-heading');
  ctx.render(h('div', { class: 'signin' },
    h('section', { class: 'signin-card', 'aria-labelledby': headingId },
      h('div', { class: 'signin-brand' }, svg(ICONS.shield)),
      ctx.heading('Two-factor authentication', headingId),
      h('p', { class: 'muted center' }, `Signing in as ${email}`),
      h('form', { class: 'form', onsubmit: onSubmit },
        h('div', { class: 'field' }, h('label', { for: codeId }, 'Authentication code'), codeInput,
          h('span', { id: hintId, class: 'hint' },
            'The 6-digit code from your authenticator app, or one of your recovery codes.')),
        errorBox,
        submit,
        h('button', { type: 'button', class: 'button secondary block', onclick: restart }, 'Start over')))));
  codeInput.focus();
}
