// Modal dialogs on the native <dialog>: focus is trapped, Escape cancels, and the
// page behind is inert. The element removes itself once closed.
import { el } from '../dom';

export function openDialog(className: string, children: HTMLElement[], onClose: () => void = () => {}): HTMLDialogElement {
  const dialog = el('dialog', { class: `dialog ${className}` }, children);
  dialog.addEventListener('close', () => {
    onClose();
    dialog.remove();
  });
  document.body.appendChild(dialog);
  // jsdom (tests) and very old web views lack showModal.
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  return dialog;
}

export function closeDialog(dialog: HTMLDialogElement): void {
  if (typeof dialog.close === 'function') dialog.close();
  else dialog.dispatchEvent(new Event('close'));
}
