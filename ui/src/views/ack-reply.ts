// Answering a server's ack request: a dialog with what the server sent and one JSON list
// for the answer's arguments, checked as it is typed and refused in words before sending.
// The answer goes out as an `ack_reply` action; once the backend takes it the store
// remembers it, and the console marks the event answered.
import type { App } from '../app';
import { el, newId, setText } from '../dom';
import { errorText } from '../errors';
import { t } from '../i18n';
import { ackOf, replyState } from '../state/ack-reply';
import type { ConsoleEvent } from '../state/event-log';
import { previewArgs } from '../lib/format';
import { checkJsonList } from '../lib/json-args';
import { closeDialog, openDialog } from './dialog';

/** Open the answer editor for `ev`, a server's ack request on connection `id`. */
export function openReplyDialog(app: App, id: string, ev: ConsoleEvent): HTMLDialogElement | null {
  const ack = ackOf(ev);
  if (ack === undefined) return null;
  const stillOpen = () => {
    const replies = app.store.get().conns[id]?.replies;
    return replies !== undefined && replyState(replies, ev) === 'open';
  };

  const input = el('textarea', {
    testid: 'reply-args',
    attrs: { id: newId('reply-args'), rows: 4, spellcheck: 'false', placeholder: t('reply.args_placeholder') },
  });
  const error = el('p', { class: 'field-error', testid: 'reply-error', attrs: { role: 'alert', id: newId('reply-error') } });
  input.setAttribute('aria-describedby', error.id);
  const send = el('button', { class: 'primary', testid: 'reply-send', text: t('reply.send'), attrs: { type: 'submit' } });

  const check = (quiet: boolean) => {
    const c = checkJsonList(input.value);
    // While typing, a blank field is not yet an error.
    const show = c.kind === 'error' && !(quiet && input.value.trim() === '');
    setText(error, show ? c.message : '');
    input.setAttribute('aria-invalid', String(show));
    return c;
  };
  // `change` too: WebDriver's Element Clear fires no `input` event.
  input.addEventListener('input', () => check(true));
  input.addEventListener('change', () => check(true));

  let sending = false;
  const submit = async () => {
    if (sending) return;
    const c = check(false);
    if (c.kind === 'error') return input.focus();
    if (!stillOpen()) {
      setText(error, t('reply.gone'));
      return;
    }
    sending = true;
    send.disabled = true;
    const failed = await app.send({ type: 'ack_reply', id, ack, args: c.value });
    sending = false;
    send.disabled = false;
    // The error list behind the dialog says it too, but the dialog covers it.
    if (failed) return setText(error, errorText(failed));
    app.store.apply({ type: 'ui/ack_replied', id, seq: ev.seq, args: c.value });
    closeDialog(dialog);
  };

  const titleId = newId('reply-title');
  const form = el(
    'form',
    {
      attrs: { novalidate: true },
      on: {
        submit: (e) => (e.preventDefault(), void submit()),
        keydown: (e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        },
      },
    },
    [
      el('h2', { text: t('reply.title', { event: ev.event }), attrs: { id: titleId } }),
      el('div', { class: 'reply-body' }, [
        el('p', { class: 'muted', text: t('reply.intro', { ack }) }),
        el('div', { class: 'reply-asked' }, [
          el('span', { class: 'reply-label', text: t('reply.asked') }),
          el('code', { class: 'reply-asked-args', text: ev.args.length ? previewArgs(ev.args) : t('console.no_args') }),
        ]),
        el('label', { class: 'reply-label', text: t('reply.args'), attrs: { for: input.id } }),
        input,
        error,
      ]),
      el('div', { class: 'dialog-buttons' }, [
        el('span', { class: 'hint', text: t('reply.send_hint') }),
        el('span', { class: 'spacer' }),
        el('button', { testid: 'reply-cancel', text: t('reply.cancel'), attrs: { type: 'button' }, on: { click: () => closeDialog(dialog) } }),
        send,
      ]),
    ],
  );
  const dialog = openDialog('reply-dialog', [form]);
  dialog.dataset.testid = 'reply-dialog';
  dialog.setAttribute('aria-labelledby', titleId);
  input.focus();
  return dialog;
}
