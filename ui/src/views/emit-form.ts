// Sending an event: a name, any number of JSON arguments, and optionally an
// acknowledgement with a timeout whose answer shows beside Send. Ctrl+Enter sends. The
// form folds to its heading (a small window gives the event list the room).
import type { App } from '../app';
import { el, frameScheduler, newId, replace, setText } from '../dom';
import { t } from '../i18n';
import { onMac } from '../lib/shortcuts';
import { ackResult } from './ack-result';
import { argList } from './arg-list';
import { icon } from './icons';

const DEFAULT_TIMEOUT_MS = 5000;
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
  const sendButton = el('button', { class: 'primary', testid: 'emit-send', text: t('emit.send'), attrs: { type: 'submit' } });

  const syncAck = () => {
    timeoutInput.disabled = !ackBox.checked;
  };

  const send = async () => {
    const id = app.store.get().selected;
    if (!id) return;
    const event = eventInput.value;
    if (event.trim() === '') {
      setText(eventError, t('emit.event_required'));
      return eventInput.focus();
    }
    const values = args.values();
    if (!values) return;
    const ack = ackBox.checked;
    const timeout = Number(timeoutInput.value);
    if (ack && !(Number.isInteger(timeout) && timeout >= 1)) {
      result.say(t('emit.timeout_invalid'));
      return timeoutInput.focus();
    }
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
    else if (!ack) result.say(t('emit.sent'));
  };

  const syncSend = frameScheduler(() => {
    sendButton.disabled = app.store.get().selected === null;
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
      el('span', { class: 'muted hint', text: t('emit.send_hint', { keys: onMac() ? '⌘Enter' : 'Ctrl+Enter' }) }),
      sendButton,
    ]),
    result.element,
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
