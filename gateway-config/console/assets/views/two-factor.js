/**
 * "Two-factor authentication" on the "Active sessions" page: set up (password, then QR code and secret, then a
 * first code to turn it on), the recovery codes shown once with "Download", and, when on, "Turn off" and
 * "New recovery codes".
 */
import { h, uid } from '../dom.js';
import { fullDateTime, plural } from '../format.js';
import qrcode from '../vendor/qrcode-generator.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const CODE_HINT = 'The 6-digit code your authenticator app shows now.';

export function twoFactorSection(ctx) {
  const body = h('div', { class: 'panel-body' }, h('p', { class: 'muted loading' }, 'Loading…'));
  const status = h('p', { class: 'form-message', role: 'status' });
  const section = h('section', { class: 'panel two-factor', 'aria-labelledby': 'two-factor-heading' },
    h('div', { class: 'panel-body' },
      h('h2', { id: 'two-factor-heading' }, 'Two-factor authentication'),
      h('p', { class: 'muted' }, 'Ask for a code from an authenticator app at every sign-in, so that a stolen '
        + 'password alone cannot open your account.'),
      status),
    body);

  const say = (text, kind) => {
    status.textContent = text;
    status.className = `form-message${kind ? ` ${kind}` : ''}`;
  };

  const show = (...children) => {
    body.replaceChildren(...children);
    const first = body.querySelector('input, button');
    if (first) first.focus();
  };

  const load = async () => {
    let settings;
    try {
      settings = await ctx.api.mfaStatus();
    } catch (error) {
      body.replaceChildren(ctx.errorPanel(error, 'Two-factor settings could not be loaded.', load));
      return;
    }
    if (settings.totp.enabled) {
      body.replaceChildren(
        h('p', {}, h('strong', {}, 'On'), ` since ${fullDateTime(settings.totp.enabledAt)}. `,
          `${plural(settings.recoveryCodesLeft, 'recovery code')} left.`),
        h('div', { class: 'form-actions' },
          h('button', { type: 'button', class: 'button secondary', onclick: askNewCodes }, 'New recovery codes'),
          h('button', { type: 'button', class: 'button danger', onclick: askTurnOff }, 'Turn off')));
    } else {
      body.replaceChildren(
        h('p', {}, h('strong', {}, 'Off.'), ' Sign-in asks for your password only.'),
        h('div', { class: 'form-actions' },
          h('button', { type: 'button', class: 'button primary', onclick: askPassword }, 'Set up')));
    }
  };

  const cancelButton = () => h('button', { type: 'button', class: 'button secondary', onclick: () => {
    say('');
    load();
  } }, 'Cancel');

  /** A form whose submit runs `action`; errors are worded by `byStatus` and shown in the section. */
  const form = (fields, label, action, byStatus, danger = false) => {
    const submit = h('button', { type: 'submit', class: `button ${danger ? 'danger' : 'primary'}` }, label);
    const onSubmit = async (event) => {
      event.preventDefault();
      say('');
      submit.disabled = true;
      try {
        await action();
      } catch (error) {
        const text = ctx.describeError(error, byStatus);
        if (text) say(text, 'error');
      } finally {
        submit.disabled = false;
      }
    };
    return h('form', { class: 'form', onsubmit: onSubmit }, fields, h('div', { class: 'form-actions' }, submit,
      cancelButton()));
  };

  const passwordField = () => {
    const id = uid('mfa-password');
    const input = h('input', { id, type: 'password', autocomplete: 'current-password', required: true });
    return { input, field: h('div', { class: 'field' }, h('label', { for: id }, 'Your password'), input) };
  };

  const codeField = (hint = CODE_HINT) => {
    const id = uid('mfa-code');
    const hintId = uid('mfa-code-hint');
    const input = h('input', { id, type: 'text', autocomplete: 'one-time-code', autocapitalize: 'off',
      spellcheck: 'false', required: true, maxlength: 32, 'aria-describedby': hintId });
    return { input, field: h('div', { class: 'field' }, h('label', { for: id }, 'Authentication code'), input,
      h('span', { id: hintId, class: 'hint' }, hint)) };
  };

  const askPassword = () => {
    const password = passwordField();
    show(form([password.field], 'Continue', async () => {
      const setup = await ctx.api.mfaSetup(password.input.value);
      showSetup(setup);
    }, { 403: 'The password is wrong.', 409: 'Two-factor authentication is already on.' }));
  };

  const showSetup = ({ secret, otpauthUri }) => {
    const code = codeField();
    const secretId = uid('mfa-secret');
    show(
      h('ol', { class: 'steps' },
        h('li', {}, 'Scan this QR code with your authenticator app, or type in the key below.'),
        h('li', {}, 'Enter the code the app shows, then choose "Turn on".')),
      h('figure', { class: 'qr' }, qrSvg(otpauthUri),
        h('figcaption', {}, h('span', { id: secretId }, 'Key: '),
          h('code', { class: 'secret', 'aria-labelledby': secretId }, group(secret)))),
      form([code.field], 'Turn on', async () => {
        const { recoveryCodes } = await ctx.api.mfaConfirm(code.input.value.trim());
        say('Two-factor authentication is on.', 'success');
        showCodes(recoveryCodes);
      }, { 400: 'That code did not work. Check the time on your device and try again.',
        409: 'The set-up changed meanwhile. Start again.' }));
    code.input.focus();
  };

  const showCodes = (codes) => {
    const download = () => {
      const text = `Recovery codes for ${ctx.client.user?.email ?? 'your account'}\n`
        + 'Each code works once, in place of an authentication code.\n\n' + codes.join('\n') + '\n';
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      const link = h('a', { href: url, download: 'recovery-codes.txt', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    };
    const listId = uid('recovery-codes');
    show(
      h('p', { id: listId }, h('strong', {}, 'Your recovery codes.'), ' Keep them somewhere safe: each one signs '
        + 'you in once if you lose your authenticator. They are shown only now.'),
      h('ol', { class: 'recovery-codes', 'aria-labelledby': listId }, codes.map((c) => h('li', {}, h('code', {}, c)))),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'button primary', onclick: download }, 'Download'),
        h('button', { type: 'button', class: 'button secondary', onclick: () => {
          say('');
          load();
        } }, 'Done')));
  };

  const askTurnOff = () => {
    const password = passwordField();
    const code = codeField('A code from your authenticator app, or one of your recovery codes.');
    show(form([password.field, code.field], 'Turn off', async () => {
      await ctx.api.mfaDisable(password.input.value, code.input.value.trim());
      say('Two-factor authentication is off.', 'success');
      await load();
    }, { 403: 'The password or the code is wrong.', 409: 'Two-factor authentication is already off.' }, true));
  };

  const askNewCodes = () => {
    const code = codeField();
    show(form([code.field], 'Get new codes', async () => {
      const { recoveryCodes } = await ctx.api.mfaNewRecoveryCodes(code.input.value.trim());
      say('New recovery codes made; the old ones no longer work.', 'success');
      showCodes(recoveryCodes);
    }, { 403: 'That code did not work.', 409: 'Two-factor authentication is off.' }));
  };

  load();
  return section;
}

/** The QR code of a text as an SVG built node by node (no markup from data, no inline style: the CSP holds). */
function qrSvg(text) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const quiet = 4;
  let path = '';
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.isDark(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const size = count + 2 * quiet;
  const image = document.createElementNS(SVG_NS, 'svg');
  image.setAttribute('viewBox', `0 0 ${size} ${size}`);
  image.setAttribute('width', '200');
  image.setAttribute('height', '200');
  image.setAttribute('role', 'img');
  image.setAttribute('aria-label', 'QR code for your authenticator app');
  image.setAttribute('class', 'qr-code');
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG_NS, 'path');
  modules.setAttribute('d', path);
  modules.setAttribute('fill', '#000');
  image.append(background, modules);
  return image;
}

/** The key in groups of four, easier to type. */
function group(secret) {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
