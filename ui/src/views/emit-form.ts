// Sending an event: a name, any number of JSON arguments (each checked as you type),
// and optionally an acknowledgement with a timeout whose answer shows beside Send.
import type { App } from '../app';
import { el, frameScheduler, newId, setText } from '../dom';
import { t } from '../i18n';
import { checkJson } from '../lib/json-args';
import { safeStringify } from '../lib/format';
import { icon } from './icons';

interface ArgRow {
  row: HTMLElement;
  input: HTMLTextAreaElement;
  error: HTMLElement;
}

const DEFAULT_TIMEOUT_MS = 5000;
let emitCounter = 0; // emit ids: small and increasing, never reused in this window

export function emitForm(app: App): HTMLElement {
  const args: ArgRow[] = [];
  let lastAck: { id: string; emit_id: number } | null = null;

  const eventInput = el('input', {
    testid: 'emit-event',
    attrs: { id: newId('emit-event'), type: 'text', placeholder: t('emit.event_placeholder'), autocomplete: 'off', spellcheck: 'false' },
    on: { input: () => setText(eventError, '') },
  });
  const eventError = el('p', { class: 'field-error', attrs: { role: 'alert' } });
  const argList = el('div', { class: 'arg-list' });
  const ackBox = el('input', { testid: 'emit-ack', attrs: { type: 'checkbox' }, on: { change: () => syncAck() } });
  const timeoutInput = el('input', {
    class: 'timeout',
    attrs: { type: 'number', min: 1, step: 1, value: DEFAULT_TIMEOUT_MS, 'aria-label': t('emit.timeout') },
  });
  const result = el('output', { class: 'ack-result', testid: 'ack-result', attrs: { 'aria-live': 'polite' } });
  const sendButton = el('button', { class: 'primary', testid: 'emit-send', text: t('emit.send'), attrs: { type: 'submit' } });

  const addButton = el('button', { text: t('emit.arg_add'), attrs: { type: 'button' }, on: { click: () => addArg(true) } });

  const syncAck = () => {
    timeoutInput.disabled = !ackBox.checked;
  };

  const check = (a: ArgRow) => {
    const r = checkJson(a.input.value);
    setText(a.error, r.kind === 'error' ? r.message : '');
    a.input.setAttribute('aria-invalid', String(r.kind === 'error'));
    return r;
  };

  const renumber = () =>
    args.forEach((a, i) => {
      setText(a.row.querySelector('label') as HTMLElement, t('emit.arg', { n: i + 1 }));
      (a.row.querySelector('button') as HTMLElement).setAttribute('aria-label', t('emit.arg_remove', { n: i + 1 }));
    });

  const addArg = (focus: boolean) => {
    const id = newId('emit-arg');
    const input = el('textarea', {
      testid: 'emit-arg',
      attrs: { id, rows: 2, spellcheck: 'false', placeholder: t('emit.arg_placeholder') },
    });
    const error = el('p', { class: 'field-error', attrs: { role: 'alert' } });
    const a: ArgRow = { row: el('div'), input, error };
    input.addEventListener('input', () => check(a));
    const remove = el('button', {
      class: 'icon',
      attrs: { type: 'button' },
      on: {
        click: () => {
          args.splice(args.indexOf(a), 1);
          a.row.remove();
          renumber();
          addButton.focus();
        },
      },
    }, [icon('close')]);
    a.row = el('div', { class: 'arg-row' }, [
      el('div', { class: 'arg-head' }, [el('label', { attrs: { for: id } }), remove]),
      input,
      error,
    ]);
    args.push(a);
    argList.appendChild(a.row);
    renumber();
    if (focus) input.focus();
  };

  const send = async () => {
    const id = app.store.get().selected;
    if (!id) return;
    const event = eventInput.value;
    if (event.trim() === '') {
      setText(eventError, t('emit.event_required'));
      eventInput.focus();
      return;
    }
    const values: unknown[] = [];
    for (const a of args) {
      const r = check(a);
      if (r.kind === 'error') return a.input.focus();
      if (r.kind === 'ok') values.push(r.value);
    }
    const ack = ackBox.checked;
    const timeout = Number(timeoutInput.value);
    if (ack && !(Number.isInteger(timeout) && timeout >= 1)) {
      setText(result, t('emit.timeout_invalid'));
      return timeoutInput.focus();
    }
    const emit_id = ++emitCounter;
    if (ack) app.store.apply({ type: 'ui/ack_pending', id, emit_id, event, timeout_ms: timeout });
    lastAck = ack ? { id, emit_id } : null;
    setText(result, '');
    const failed = await app.send({
      type: 'emit', id, event, args: values, ack, emit_id, ...(ack ? { ack_timeout_ms: timeout } : {}),
    });
    if (failed && lastAck?.emit_id === emit_id) lastAck = null; // the error toast says why
    else if (!failed && !ack) setText(result, t('emit.sent'));
    showAck();
  };

  const showAck = frameScheduler(() => {
    const state = app.store.get();
    sendButton.disabled = state.selected === null;
    if (!lastAck) return;
    if (lastAck.id !== state.selected) return setText(result, '');
    const a = state.conns[lastAck.id]?.acks[lastAck.emit_id];
    if (!a) return;
    const text =
      a.status === 'waiting'
        ? t('emit.ack_waiting')
        : a.status === 'answered'
          ? t('emit.ack_answer', { args: a.args.map((v) => safeStringify(v)).join(', ') })
          : t('emit.ack_timeout', { ms: a.timeout_ms });
    setText(result, text);
    result.dataset.status = a.status;
    result.title = text;
  });
  app.store.subscribe(showAck);

  const form = el(
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
      argList,
      el('div', { class: 'emit-actions' }, [
        addButton,
        el('label', { class: 'check' }, [ackBox, t('emit.ack')]),
        el('label', { class: 'inline' }, [t('emit.timeout'), timeoutInput]),
        el('span', { class: 'spacer' }),
        el('span', { class: 'muted hint', text: t('emit.send_hint') }),
        sendButton,
      ]),
      result,
    ],
  );
  addArg(false);
  syncAck();
  showAck();
  return form;
}
