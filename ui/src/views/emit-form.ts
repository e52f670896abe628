// Sending an event: a name, any number of JSON arguments, and optionally an
// acknowledgement with a timeout whose answer shows beside Send. Ctrl+Enter sends. Send
// is disabled, with the reason beside it, while the server is not connected. Save… keeps
// the emit in the server's saved messages (listed below, each sent with one click through
// the same path); a saved message or an event of the log can be loaded into the form. The
// form folds to its heading (a small window gives the event list the room).
import type { App } from '../app';
import { el, frameScheduler, newId, replace, setText } from '../dom';
import { t } from '../i18n';
import { onMac } from '../lib/shortcuts';
import type { EmitDraft, EmitSpec } from '../state/saved-messages';
import { ackResult } from './ack-result';
import { argList } from './arg-list';
import { sendBlocked } from './conn-state';
import { icon } from './icons';
import { openSavedDialog, savedList } from './saved-messages';

export const DEFAULT_TIMEOUT_MS = 5000;
// Emit ids count up from the clock at start-up, so a reloaded window never reuses an id
// an ack from before the reload may still answer to (and stays far below the backend's
// own ids, which count from 2^63).
let emitCounter = Date.now();

export function emitForm(app: App): HTMLElement {
  const eventInput = el('input', {
    testid: 'emit-event',
    attrs: { id: newId('emit-event'), type: 'text', placeholder: t('emit.event_placeholder'), autocomplete: 'off', spellcheck: 'false' },
    on: { input: () => setText(eventError, '') },
  });
  const eventError = el('p', { class: 'field-error', attrs: { role: 'alert' } });
  const args = argList();
  const ackBox = el('input', { testid: 'emit-ack', attrs: { type: 'checkbox' }, on: { change: () => syncAck() } });
  const timeoutInput = el('input', {
    class: 'timeout',
    testid: 'emit-ack-timeout',
    attrs: { type: 'number', min: 1, step: 1, value: DEFAULT_TIMEOUT_MS, 'aria-label': t('emit.timeout') },
  });
  const result = ackResult(app);
  // Why Send is disabled, beside it (and read with it).
  const sendHint = el('span', { class: 'muted hint', text: t('emit.send_hint', { keys: onMac() ? '⌘Enter' : 'Ctrl+Enter' }) });
  const blocked = el('span', { class: 'emit-blocked muted', testid: 'emit-blocked', attrs: { id: newId('emit-blocked') } });
  const sendButton = el('button', {
    class: 'primary',
    testid: 'emit-send',
    text: t('emit.send'),
    attrs: { type: 'submit', 'aria-describedby': blocked.id },
  });
  const saveButton = el('button', {
    testid: 'emit-save',
    text: t('emit.save'),
    attrs: { type: 'button', title: t('emit.save_title'), 'aria-haspopup': 'dialog' },
    on: { click: () => save() },
  });

  const syncAck = () => {
    timeoutInput.disabled = !ackBox.checked;
  };

  /** What the form holds, checked; null after saying what is wrong and focusing it. */
  const spec = (): EmitSpec | null => {
    const event = eventInput.value;
    if (event.trim() === '') {
      setText(eventError, t('emit.event_required'));
      eventInput.focus();
      return null;
    }
    const values = args.values();
    if (!values) return null;
    const ack = ackBox.checked;
    const timeout = Number(timeoutInput.value);
    if (ack && !(Number.isInteger(timeout) && timeout >= 1)) {
      result.say(t('emit.timeout_invalid'));
      timeoutInput.focus();
      return null;
    }
    return ack ? { event, args: values, ack, ack_timeout_ms: timeout } : { event, args: values, ack };
  };

  /** Send an emit on the shown server: the form's, or a saved message's (`sentText`: what to say once sent). */
  const emit = async (what: EmitSpec, sentText = t('emit.sent')) => {
    const id = app.store.get().selected;
    if (!id) return;
    const reason = sendBlocked(app.store.get().conns[id]?.state ?? null);
    if (reason) return result.say(reason);
    const { event, args: values, ack } = what;
    const timeout = what.ack_timeout_ms ?? DEFAULT_TIMEOUT_MS;
    const emit_id = ++emitCounter;
    if (ack) {
      app.store.apply({ type: 'ui/ack_pending', id, emit_id, event, timeout_ms: timeout });
      result.track(id, emit_id);
    } else result.say('');
    const failed = await app.send({
      type: 'emit', id, event, args: values, ack, emit_id, ...(ack ? { ack_timeout_ms: timeout } : {}),
    });
    // On failure the error toast says why; no answer will come.
    if (failed) result.say('');
    else if (!ack) result.say(sentText);
  };

  const send = async () => {
    const what = spec();
    if (what) await emit(what);
  };

  const save = () => {
    const id = app.store.get().selected;
    const what = id ? spec() : null;
    if (id && what) openSavedDialog(app, id, { id: '', name: '', ...what }, saveButton);
  };

  /** Put an emit into the form (a saved message, an event of the log). */
  const load = (draft: EmitDraft) => {
    eventInput.value = draft.event;
    setText(eventError, '');
    args.set(draft.args);
    if (draft.ack !== undefined) ackBox.checked = draft.ack;
    if (draft.ack_timeout_ms !== undefined) timeoutInput.value = String(draft.ack_timeout_ms);
    syncAck();
    fold(false);
    result.say(t('emit.loaded', { event: draft.event }));
    eventInput.focus();
  };

  const saved = savedList(app, {
    send: (m, what) => void emit(what, t('saved.sent', { name: m.name })),
    load: (what) => {
      const id = app.store.get().selected;
      if (id) app.store.apply({ type: 'ui/load_emit', id, ...what });
    },
  });

  let lastDraft: EmitDraft | null = app.store.get().draft;
  const syncSend = frameScheduler(() => {
    const s = app.store.get();
    const reason = s.selected === null ? '' : sendBlocked(s.conns[s.selected]?.state ?? null);
    sendButton.disabled = s.selected === null || reason !== null;
    setText(blocked, reason ?? '');
    // The reason takes the hint's place, so the row keeps Send on it at 800 px.
    sendHint.hidden = reason !== null;
    sendButton.title = reason ?? '';
    if (s.draft !== lastDraft) {
      lastDraft = s.draft;
      if (s.draft && s.draft.id === s.selected) load(s.draft);
    }
  });
  app.store.subscribe(syncSend);
  syncSend();
  syncAck();

  const body = el('div', { class: 'emit-body', attrs: { id: newId('emit-body') } }, [
    el('div', { class: 'emit-event' }, [
      el('label', { text: t('emit.event'), attrs: { for: eventInput.id } }),
      eventInput,
      eventError,
    ]),
    args.element,
    el('div', { class: 'emit-actions' }, [
      args.addButton,
      el('label', { class: 'check' }, [ackBox, t('emit.ack')]),
      el('label', { class: 'inline' }, [t('emit.timeout'), timeoutInput]),
      el('span', { class: 'spacer' }),
      sendHint,
      saveButton,
      blocked,
      sendButton,
    ]),
    result.element,
    saved.element,
  ]);
  const toggle = el('button', {
    class: 'emit-toggle',
    testid: 'emit-toggle',
    attrs: { type: 'button', 'aria-controls': body.id },
    on: { click: () => fold(!body.hidden) },
  });
  const fold = (folded: boolean) => {
    body.hidden = folded;
    toggle.setAttribute('aria-expanded', String(!folded));
    toggle.title = t(folded ? 'emit.show' : 'emit.hide');
    replace(toggle, [icon(folded ? 'chevron-right' : 'chevron-down'), el('span', { text: t('emit.heading') })]);
  };
  fold(false);

  return el(
    'form',
    {
      class: 'emit-form',
      attrs: { 'aria-label': t('emit.heading'), novalidate: true },
      on: {
        submit: (e) => {
          e.preventDefault();
          void send();
        },
        keydown: (e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !body.hidden) {
            e.preventDefault();
            void send();
          }
        },
      },
    },
    [toggle, body],
  );
}
