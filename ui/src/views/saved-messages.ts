// A server's saved messages, under the emit form: each one named, with its event and
// arguments in brief, Send (one click, through the emit form's own path; disabled with the
// reason while not connected), Load (into the emit form), Edit (name, event, arguments, ack:
// saved again under the same id) and Remove (after a confirmation). The collection is asked
// for the first time a server's console is shown; the backend answers every change with
// the whole list. Also the dialog that saves or edits one.
import type { App } from '../app';
import type { SavedMessage } from '../bindings/SavedMessage';
import { el, frameScheduler, newId, onScreen, replace, setText } from '../dom';
import { errorText } from '../errors';
import { t, tn } from '../i18n';
import { previewArgs, safeStringify } from '../lib/format';
import { checkJsonList } from '../lib/json-args';
import { freeName, specOf, toSaved, type EmitSpec } from '../state/saved-messages';
import { confirmDialog } from './confirm';
import { sendBlocked } from './conn-state';
import { closeDialog, openDialog } from './dialog';
import { checkbox, field } from './fields';
import { icon } from './icons';

/** Used when a saved message awaits an ack but names no timeout. */
const DEFAULT_TIMEOUT_MS = 5000;

export interface SavedActions {
  /** Send this saved message now (the emit form's path: its ack answer shows there). */
  send(message: SavedMessage, spec: EmitSpec): void;
  /** Put it into the emit form. */
  load(spec: EmitSpec): void;
}

/** The event, arguments and ack of a saved message in brief: `chat · "hi", 2 · ack`. */
export function savedSummary(m: SavedMessage): string {
  const parts = [m.event, m.args.length ? previewArgs(m.args) : t('saved.args_none')];
  if (m.ack) parts.push(t('saved.ack_tag'));
  return parts.join(' · ');
}

export function savedList(app: App, actions: SavedActions): { element: HTMLElement } {
  const body = el('div', { class: 'saved-body', attrs: { id: newId('saved-body') } });
  const toggle = el('button', {
    class: 'emit-toggle saved-toggle',
    testid: 'saved-toggle',
    attrs: { type: 'button', 'aria-controls': body.id },
    on: { click: () => fold(!body.hidden) },
  });
  const note = el('span', { class: 'saved-blocked muted one-line', testid: 'saved-blocked' });
  const list = el('ul', { class: 'saved-list', testid: 'saved-list' });
  const empty = el('p', { class: 'muted saved-empty', testid: 'saved-empty' });
  body.append(list, empty);
  let count = 0;
  const fold = (folded: boolean) => {
    body.hidden = folded;
    toggle.setAttribute('aria-expanded', String(!folded));
    toggle.title = t(folded ? 'saved.show' : 'saved.hide');
    replace(toggle, [icon(folded ? 'chevron-right' : 'chevron-down'), el('span', { text: tn('saved.heading', count) })]);
  };

  /** Servers whose collection was asked for and not yet answered (once: the backend answers every change). */
  const asked = new Set<string>();
  let shown: { id: string | null; messages: readonly SavedMessage[] | undefined; reason: string | null } | null = null;

  const row = (id: string, m: SavedMessage, reason: string | null) => {
    const summary = savedSummary(m);
    const button = (testid: string, cls: string, label: string, title: string, onClick: (b: HTMLElement) => void, children: (Node | string)[]) => {
      const b: HTMLButtonElement = el('button', { class: cls, testid, attrs: { type: 'button', 'aria-label': label, title, 'data-action': testid }, on: { click: () => onClick(b) } }, children);
      return b;
    };
    const send = button('saved-send', 'small primary', t('saved.send_named', { name: m.name }), reason ?? t('saved.send_title', { what: summary }), () =>
      actions.send(m, specOf(m, DEFAULT_TIMEOUT_MS)), [t('saved.send')]);
    send.disabled = reason !== null;
    return el('li', { class: 'saved-item', testid: 'saved-item', attrs: { 'data-id': m.id, 'data-name': m.name } }, [
      send,
      el('span', { class: 'saved-text' }, [
        el('span', { class: 'saved-name one-line', text: m.name, attrs: { title: m.name } }),
        el('code', { class: 'saved-detail muted one-line', text: summary, attrs: { title: summary } }),
      ]),
      button('saved-load', 'small', t('saved.load_named', { name: m.name }), t('saved.load_title'), () =>
        actions.load(specOf(m, DEFAULT_TIMEOUT_MS)), [t('saved.load')]),
      button('saved-edit', 'icon', t('saved.edit_named', { name: m.name }), t('saved.edit_named', { name: m.name }), (b) =>
        openSavedDialog(app, id, m, b), [icon('edit')]),
      button('saved-remove', 'icon', t('saved.remove_named', { name: m.name }), t('saved.remove_named', { name: m.name }), () =>
        void removeSaved(app, id, m), [icon('trash')]),
    ]);
  };

  const render = frameScheduler(() => {
    const s = app.store.get();
    // Answered: should the list be forgotten (an import replaced it), it is asked for again.
    for (const k of asked) if (s.saved[k] !== undefined) asked.delete(k);
    const id = s.selected !== null && s.profiles.some((p) => p.id === s.selected) ? s.selected : null;
    // Asked once the console is on screen (a protocol's server shows its own tab first).
    if (id !== null && s.saved[id] === undefined && !asked.has(id) && onScreen(element)) {
      asked.add(id);
      void app.send({ type: 'saved_messages', id });
    }
    const messages = id === null ? undefined : s.saved[id];
    const reason = id === null ? null : sendBlocked(s.conns[id]?.state ?? null);
    if (shown && shown.id === id && shown.messages === messages && shown.reason === reason) return;
    shown = { id, messages, reason };
    // The list is drawn again: keep the focus on the same button of the same message.
    const focused = list.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
    const again = focused ? [focused.closest<HTMLElement>('[data-id]')?.dataset.id, focused.dataset.action] : null;
    replace(list, id === null ? [] : (messages ?? []).map((m) => row(id, m, reason)));
    count = messages?.length ?? 0;
    fold(body.hidden);
    setText(note, count > 0 && reason ? reason : '');
    setText(empty, messages === undefined ? t('saved.loading') : count === 0 ? t('saved.empty') : '');
    empty.hidden = count > 0;
    list.hidden = count === 0;
    if (again) {
      const same = Array.from(list.querySelectorAll<HTMLElement>('[data-action]')).find(
        (b) => b.dataset.action === again[1] && b.closest<HTMLElement>('[data-id]')?.dataset.id === again[0],
      );
      (same && !(same as HTMLButtonElement).disabled ? same : toggle).focus();
    }
  });
  const element = el('section', { class: 'saved', testid: 'saved-messages', attrs: { 'aria-label': t('saved.region') } }, [
    el('div', { class: 'saved-head' }, [toggle, note]),
    body,
  ]);
  app.store.subscribe(render);
  // The Console tab chosen shows the list without a change in the store: its size tells.
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => render()).observe(element);
  fold(false);
  render();
  return { element };
}

async function removeSaved(app: App, id: string, m: SavedMessage): Promise<void> {
  const sure = await confirmDialog(t('saved.remove_confirm_title'), t('saved.remove_confirm_body', { name: m.name }), t('saved.remove'));
  if (sure) await app.send({ type: 'remove_saved_message', id, message_id: m.id });
}

/**
 * Save `message` in the collection of server `id`: a new one (empty id, from the emit form)
 * or one saved before (Edit: saved again under its id). Its name, event, arguments (one JSON
 * list) and ack can be changed. `returnFocus`: where the focus goes once it closes.
 */
export function openSavedDialog(app: App, id: string, message: SavedMessage, returnFocus?: HTMLElement): HTMLDialogElement {
  const isNew = message.id === '';
  const list = app.store.get().saved[id] ?? [];
  const text = (value: string, testid: string) =>
    el('input', { testid, attrs: { type: 'text', value, spellcheck: 'false', autocomplete: 'off' } });
  const name = text(message.name || (isNew ? freeName(list, message.event) : ''), 'saved-name');
  const event = text(message.event, 'saved-event');
  const args = el('textarea', { testid: 'saved-args', attrs: { rows: 4, spellcheck: 'false' } });
  args.value = safeStringify(message.args, 2);
  const ack = checkbox(t('saved.ack'), message.ack);
  ack.input.dataset.testid = 'saved-ack';
  const timeout = el('input', {
    class: 'timeout',
    testid: 'saved-timeout',
    attrs: { type: 'number', min: 1, step: 1, value: message.ack_timeout_ms ?? DEFAULT_TIMEOUT_MS },
  });
  const syncAck = () => (timeout.disabled = !ack.input.checked);
  ack.input.addEventListener('change', syncAck);
  syncAck();
  const fName = field(t('saved.name'), name, t('saved.name_hint'));
  const fEvent = field(t('saved.event'), event);
  const fArgs = field(t('saved.args'), args, t('saved.args_hint'));
  const fTimeout = field(t('saved.timeout'), timeout);
  const formError = el('p', { class: 'form-error', testid: 'saved-error', attrs: { role: 'alert' } });
  const saveButton = el('button', { class: 'primary', testid: 'saved-save', text: t('saved.save'), attrs: { type: 'submit' } });

  const checkArgs = () => {
    const c = checkJsonList(args.value);
    fArgs.setError(c.kind === 'error' ? c.message : '');
    return c;
  };
  // `change` too: WebDriver's Element Clear fires no `input` event.
  for (const type of ['input', 'change']) args.addEventListener(type, checkArgs);
  event.addEventListener('input', () => event.value.trim() && fEvent.setError(''));

  const submit = async () => {
    if (saveButton.disabled) return;
    setText(formError, '');
    const okEvent = event.value.trim() !== '';
    fEvent.setError(okEvent ? '' : t('emit.event_required'));
    const c = checkArgs();
    const ms = Number(timeout.value);
    const okTimeout = !ack.input.checked || (Number.isInteger(ms) && ms >= 1);
    fTimeout.setError(okTimeout ? '' : t('emit.timeout_invalid'));
    if (!okEvent || c.kind === 'error' || !okTimeout) {
      (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    const spec: EmitSpec = ack.input.checked
      ? { event: event.value, args: c.value, ack: true, ack_timeout_ms: ms }
      : { event: event.value, args: c.value, ack: false };
    saveButton.disabled = true;
    const failed = await app.send({ type: 'save_message', id, message: toSaved(name.value, spec, message.id) });
    saveButton.disabled = false;
    // The error list behind the dialog says it too, but the dialog covers it.
    if (failed) return setText(formError, errorText(failed));
    closeDialog(dialog);
  };

  const titleId = newId('saved-title');
  const form = el(
    'form',
    { attrs: { novalidate: true }, on: { submit: (e) => (e.preventDefault(), void submit()) } },
    [
      el('h2', { text: t(isNew ? 'saved.dialog_new' : 'saved.dialog_edit'), attrs: { id: titleId } }),
      el('div', { class: 'form-scroll' }, [fName.element, fEvent.element, fArgs.element, ack.element, fTimeout.element]),
      formError,
      el('div', { class: 'dialog-buttons' }, [
        el('button', { testid: 'saved-cancel', text: t('saved.cancel'), attrs: { type: 'button' }, on: { click: () => closeDialog(dialog) } }),
        saveButton,
      ]),
    ],
  );
  const dialog = openDialog('saved-dialog', [form], () => {
    if (returnFocus?.isConnected) returnFocus.focus();
  });
  dialog.dataset.testid = 'saved-dialog';
  dialog.setAttribute('aria-labelledby', titleId);
  name.focus();
  name.select();
  return dialog;
}
