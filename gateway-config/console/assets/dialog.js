/** Confirmation in an in-page <dialog> with "Confirm" and "Cancel" (keyboard: Escape cancels). */
import { h, uid } from './dom.js';

/**
 * Asks for confirmation. Resolves true for "Confirm", false for "Cancel" or Escape; focus returns to where it was.
 * `fields` are extra form controls shown under the message; the caller reads them after a confirmation.
 * @param {{title:string, message:string, danger?:boolean, fields?:Node[]}} options
 */
export function confirmAction({ title, message, danger = false, fields = [] }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const messageId = uid('dialog-message');
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'button secondary', value: 'cancel' }, 'Cancel');
    const confirm = h('button', { type: 'submit', class: `button ${danger ? 'danger' : 'primary'}`, value: 'confirm' }, 'Confirm');
    const dialog = h('dialog', { class: 'confirm-dialog', 'aria-labelledby': titleId, 'aria-describedby': messageId },
      h('form', { method: 'dialog' },
        h('h2', { id: titleId }, title),
        h('p', { id: messageId }, message),
        ...fields,
        h('div', { class: 'dialog-actions' }, cancel, confirm)));
    cancel.addEventListener('click', () => dialog.close('cancel'));
    dialog.addEventListener('close', () => {
      const confirmed = dialog.returnValue === 'confirm';
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(confirmed);
    });
    document.body.append(dialog);
    dialog.showModal();
    // the safe choice has the focus: Enter on a stray key press does not revoke anything
    cancel.focus();
  });
}
