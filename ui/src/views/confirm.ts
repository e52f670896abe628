// "Are you sure?" as a small modal dialog. Cancel has the focus, so Enter alone
// never destroys anything; Escape cancels.
import { el } from '../dom';
import { t } from '../i18n';
import { closeDialog, openDialog } from './dialog';

export function confirmDialog(title: string, body: string, okText = t('confirm.ok')): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const cancel = el('button', { testid: 'confirm-cancel', text: t('confirm.cancel'), attrs: { type: 'button', autofocus: true } });
    const ok = el('button', { class: 'danger', testid: 'confirm-ok', text: okText, attrs: { type: 'button' } });
    const dialog = openDialog(
      'confirm',
      [
        el('h2', { text: title }),
        el('p', { text: body }),
        el('div', { class: 'dialog-buttons' }, [cancel, ok]),
      ],
      () => resolve(answer),
    );
    dialog.setAttribute('role', 'alertdialog');
    cancel.addEventListener('click', () => closeDialog(dialog));
    ok.addEventListener('click', () => {
      answer = true;
      closeDialog(dialog);
    });
    cancel.focus();
  });
}
