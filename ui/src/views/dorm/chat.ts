// The room's chat: messages in order, mine on the right and my roommates' on the left,
// each with its local time; Enter sends, Shift+Enter breaks the line, and a refused
// message is explained under the input. Rows are kept by seq: a new message adds one.
import type { App } from '../../app';
import { el, newId } from '../../dom';
import { t } from '../../i18n';
import type { ChatMessage, Dorm } from '../../state/dorm';
import { isoTime, localStamp } from '../../lib/format';
import { errorSlot, type DormCtx, type Part } from './context';
import { refuse, sendRequest } from '../protocol-request';
import { enterSends } from '../enter-sends';

/** Within this many pixels of the bottom, the list follows new messages. */
const STICK_PX = 32;

function authorOf(m: ChatMessage, d: Dorm): string {
  if (m.sender === 'me') return t('dorm.me');
  if (m.from === null) return t('dorm.roommate');
  return d.roster[m.from]?.username || t('dorm.user', { id: m.from });
}

function messageRow(m: ChatMessage, d: Dorm, now: number): HTMLLIElement {
  return el('li', { class: `dorm-message ${m.sender}`, testid: 'dorm-message', attrs: { 'data-sender': m.sender, 'data-seq': m.seq } }, [
    el('p', { class: 'dorm-message-meta' }, [
      el('span', { class: 'dorm-message-author', text: authorOf(m, d) }),
      m.time === null ? null : el('time', { text: localStamp(m.time, now), attrs: { datetime: isoTime(m.time) ?? undefined } }),
    ]),
    el('p', { class: 'dorm-message-text', text: m.text }),
  ]);
}

export function chat(app: App): Part & { reset(): void } {
  let ctx: DormCtx | null = null;
  let drawn: ChatMessage[] | null = null;
  const rows = new Map<number, HTMLLIElement>();

  // A list (so its items stay list items) that is read out as it grows, as a log would be.
  const list = el('ol', { class: 'dorm-messages', attrs: { 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t('dorm.chat'), tabindex: 0 } });
  const empty = el('p', { class: 'muted dorm-chat-empty', text: t('dorm.chat_empty') });
  const input = el('textarea', {
    class: 'dorm-chat-input',
    testid: 'dorm-chat-input',
    attrs: { id: newId('dorm-chat'), rows: 2, spellcheck: 'true', placeholder: t('dorm.chat_placeholder') },
  });
  const sendButton = el('button', { class: 'primary', testid: 'dorm-chat-send', text: t('dorm.send'), attrs: { type: 'submit' } });
  const hint = el('p', { class: 'hint', text: t('dorm.chat_hint'), attrs: { id: newId('dorm-chat-hint') } });
  input.setAttribute('aria-describedby', hint.id);
  const error = errorSlot('message', [input]);

  const submit = async () => {
    if (!ctx || !ctx.online || ctx.dorm.presence !== 'in') return;
    const text = input.value;
    if (!text.trim()) {
      refuse(app, ctx.id, { kind: 'message', key: null }, t('dorm.message_empty'));
      return input.focus();
    }
    const ok = await sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'dorm', action: { type: 'message', text } });
    // Sent: the draft goes (unless something new was typed meanwhile).
    if (ok && input.value === text) input.value = '';
  };

  enterSends(input, () => void submit());

  const form = el(
    'form',
    { class: 'dorm-compose', attrs: { novalidate: true }, on: { submit: (e) => (e.preventDefault(), void submit()) } },
    [el('label', { class: 'visually-hidden', text: t('dorm.chat_input'), attrs: { for: input.id } }), input, sendButton],
  );

  const draw = (d: Dorm, now: number) => {
    if (d.messages === drawn) return;
    drawn = d.messages;
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - STICK_PX;
    const first = d.messages[0]?.seq ?? Infinity;
    for (const [seq, row] of rows) if (seq < first) { row.remove(); rows.delete(seq); }
    let mineAdded = false;
    for (const m of d.messages) {
      if (rows.has(m.seq)) continue;
      const row = messageRow(m, d, now);
      rows.set(m.seq, row);
      list.appendChild(row);
      mineAdded ||= m.sender === 'me';
    }
    // After a reset of the list (a cleared chat), nothing older stays.
    if (d.messages.length === 0) for (const [seq, row] of rows) { row.remove(); rows.delete(seq); }
    if (atBottom || mineAdded) list.scrollTop = list.scrollHeight;
    empty.hidden = d.messages.length > 0;
    list.hidden = d.messages.length === 0;
  };

  return {
    element: el('section', { class: 'card dorm-chat', testid: 'dorm-chat', attrs: { 'aria-label': t('dorm.chat') } }, [
      el('h3', { text: t('dorm.chat') }),
      list,
      empty,
      form,
      error.element,
      hint,
    ]),
    update(c) {
      ctx = c;
      const open = c.online && c.dorm.presence === 'in';
      input.disabled = !open;
      sendButton.disabled = !open;
      const placeholder = open ? t('dorm.chat_placeholder') : t('dorm.chat_closed');
      if (input.placeholder !== placeholder) input.placeholder = placeholder;
      draw(c.dorm, c.now);
      error.update(c);
    },
    reset() {
      input.value = '';
      drawn = null;
      for (const row of rows.values()) row.remove();
      rows.clear();
    },
  };
}
