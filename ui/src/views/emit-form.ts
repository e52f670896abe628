// Sending an event: a name, any number of JSON arguments, and optionally an
// acknowledgement with a timeout whose answer shows beside Send. Ctrl+Enter sends.
import type { App } from '../app';
import { el, frameScheduler, newId, setText } from '../dom';
import { t } from '../i18n';
import { ackResult } from './ack-result';
import { argList } from './arg-list';

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
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        },
      },
    },
    [
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
        el('span', { class: 'muted hint', text: t('emit.send_hint') }),
        sendButton,
      ]),
      result.element,
    ],
  );
}
