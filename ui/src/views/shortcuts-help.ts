// The list of keyboard shortcuts, in a small dialog opened with `?` or from Settings:
// the window's global shortcuts and the keys some views take. Keys are written for this
// platform (Ctrl, or ⌘ on a Mac). Escape or Close closes it, and focus goes back.
import { el, newId } from '../dom';
import { t, type MessageKey } from '../i18n';
import { keysText, onMac, selectKeysText } from '../lib/shortcuts';
import { closeDialog, openDialog } from './dialog';

/** Each row: the keys as written, and what they do. */
function rows(mac: boolean): [string, MessageKey][] {
  return [
    [selectKeysText(mac), 'shortcuts.select'],
    [keysText({ kind: 'picker' }, mac), 'shortcuts.picker'],
    [keysText({ kind: 'filter' }, mac), 'shortcuts.filter'],
    [keysText({ kind: 'new_server' }, mac), 'shortcuts.new_server'],
    [keysText({ kind: 'connection' }, mac), 'shortcuts.connection'],
    ['↑ ↓ Home End', 'shortcuts.arrows'],
    [mac ? '⌘Enter' : 'Ctrl+Enter', 'shortcuts.emit_send'],
    ['0–9, Esc', 'shortcuts.dorm_activity'],
    [keysText({ kind: 'help' }, mac), 'shortcuts.help'],
  ];
}

/** Open the list; when it closes, focus goes back where it was (or where `back` says). */
/** Focus the element focused now, later (if it is still there). */
function focusBack(): () => void {
  const was = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return () => {
    if (was?.isConnected) was.focus();
  };
}

export function openShortcutsHelp(back: () => void = focusBack()): HTMLDialogElement {
  const heading = el('h2', { text: t('shortcuts.title'), attrs: { id: newId('shortcuts-title') } });
  const list = el(
    'dl',
    { class: 'shortcut-list', testid: 'shortcut-list' },
    rows(onMac()).flatMap(([keys, words]) => [
      el('dt', {}, [el('kbd', { text: keys })]),
      el('dd', { text: t(words) }),
    ]),
  );
  const close = el('button', {
    class: 'primary',
    testid: 'shortcuts-close',
    text: t('shortcuts.close'),
    attrs: { type: 'button' },
    on: { click: () => closeDialog(dialog) },
  });
  const dialog = openDialog('shortcuts-dialog', [heading, el('div', { class: 'form-scroll' }, [list]), el('div', { class: 'dialog-buttons' }, [close])], back);
  dialog.dataset.testid = 'shortcuts-dialog';
  dialog.setAttribute('aria-labelledby', heading.id);
  close.focus();
  return dialog;
}
