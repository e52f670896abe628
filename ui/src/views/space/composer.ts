// Writing to the room in view: Enter sends, Shift+Enter breaks the line; Attach chooses
// files to send. Closed, with a hint saying why, while not connected or not in the room.
// A refused message or file is explained under it.
import type { App } from '../../app';
import { el, newId, setText } from '../../dom';
import { t } from '../../i18n';
import { chooseFiles } from '../files/file-dialogs';
import { icon } from '../icons';
import { canWrite, errorSlot, type Part, type SpaceCtx } from './context';
import { refuse, sendRequest } from '../protocol-request';
import { sendFiles } from './send-files';
import { enterSends } from '../enter-sends';

/** Why the composer is closed, in words; '' when it is open. */
function closedWhy(c: SpaceCtx): string {
  if (!c.online) return t('space.composer_offline');
  if (c.room === null) return t('space.composer_no_room');
  if (!c.room.joined) return t('space.composer_not_in');
  return '';
}

export function composer(app: App): Part {
  let ctx: SpaceCtx | null = null;
  /** Each room keeps its own draft while another is in view. */
  const drafts = new Map<string, string>();
  let draftKey = '';
  const input = el('textarea', {
    class: 'space-input',
    testid: 'space-composer',
    attrs: { id: newId('space-composer'), rows: 2, spellcheck: 'true' },
  });
  const send = el('button', { class: 'primary', testid: 'space-send', text: t('space.send'), attrs: { type: 'submit' } });
  const attach = el(
    'button',
    {
      class: 'space-attach',
      testid: 'space-attach',
      attrs: { type: 'button' },
      on: {
        click: async () => {
          if (!ctx || !canWrite(ctx) || !ctx.room) return;
          const [id, room] = [ctx.id, ctx.room.name];
          await sendFiles(app, id, room, await chooseFiles());
        },
      },
    },
    [icon('clip'), el('span', { text: t('space.attach') })],
  );
  const hint = el('p', { class: 'hint space-compose-hint', attrs: { id: newId('space-hint') } });
  input.setAttribute('aria-describedby', hint.id);
  const messageError = errorSlot('message', [input, send], true);
  const fileError = errorSlot('send_file', [attach], true);

  const submit = async () => {
    if (!ctx || !canWrite(ctx) || !ctx.room) return;
    const [id, room] = [ctx.id, ctx.room.name];
    const text = input.value;
    if (!text.trim()) {
      refuse(app, id, { kind: 'message', key: room }, t('space.message_empty'));
      return input.focus();
    }
    const ok = await sendRequest(app, id, { type: 'request', id, protocol: 'space', action: { type: 'message', room, text } });
    // Sent: the draft goes (unless something new was typed meanwhile).
    if (ok && input.value === text) input.value = '';
  };

  enterSends(input, () => void submit());

  const form = el(
    'form',
    { class: 'space-compose', attrs: { novalidate: true }, on: { submit: (e) => (e.preventDefault(), void submit()) } },
    [el('label', { class: 'visually-hidden', text: t('space.composer'), attrs: { for: input.id } }), input, el('div', { class: 'space-compose-buttons' }, [attach, send])],
  );

  return {
    element: el('div', { class: 'space-composer' }, [form, messageError.element, fileError.element, hint]),
    update(c) {
      ctx = c;
      const key = `${c.id}\u0000${c.room?.name ?? ''}`;
      if (key !== draftKey) {
        if (input.value) drafts.set(draftKey, input.value);
        else drafts.delete(draftKey);
        input.value = drafts.get(key) ?? '';
        draftKey = key;
      }
      const why = closedWhy(c);
      const open = why === '';
      input.disabled = !open;
      send.disabled = !open;
      attach.disabled = !open;
      // Closed: the line under it says why (once, not in the box too).
      const placeholder = open && c.room ? t('space.composer_placeholder', { room: c.room.name }) : '';
      if (input.placeholder !== placeholder) input.placeholder = placeholder;
      attach.title = open && c.room ? t('space.attach_hint', { room: c.room.name }) : why;
      setText(hint, open ? t('space.composer_hint') : why);
      hint.classList.toggle('closed', !open);
      messageError.update(c);
      fileError.update(c);
    },
  };
}
