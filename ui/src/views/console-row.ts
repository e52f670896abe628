// One row of the event list: time, direction, namespace, event name, args preview, and
// for a server's ack request a mark saying whether it waits for the person's answer.
// Rows are recycled as the list scrolls, so `fillRow` rewrites every field.
import { el, setText } from '../dom';
import { t } from '../i18n';
import type { ReplyState } from '../state/ack-reply';
import type { ConsoleEvent } from '../state/event-log';
import { clockTime, previewArgs } from '../lib/format';

export const ROW_HEIGHT = 26;

const MARKS = {
  open: ['console.reply_open', 'console.reply_open_title'],
  answered: ['console.reply_answered', 'console.reply_answered_title'],
  lost: ['console.reply_lost', 'console.reply_lost_title'],
} as const;

export function createRow(): HTMLElement {
  return el('div', { class: 'console-row', testid: 'console-row', attrs: { role: 'option' } }, [
    el('span', { class: 'cell-time' }),
    el('span', { class: 'cell-dir' }),
    el('span', { class: 'cell-ns' }),
    el('span', { class: 'cell-event' }),
    el('span', { class: 'cell-preview' }, [
      el('span', { class: 'reply-mark', testid: 'reply-mark' }),
      el('span', { class: 'preview-text' }),
    ]),
  ]);
}

export function fillRow(row: HTMLElement, ev: ConsoleEvent, index: number, selected: boolean, reply: ReplyState = 'none'): void {
  row.dataset.event = ev.event;
  row.dataset.direction = ev.direction;
  row.dataset.seq = String(ev.seq);
  row.dataset.reply = reply;
  row.id = `event-${ev.seq}`;
  row.style.top = `${index * ROW_HEIGHT}px`;
  row.setAttribute('aria-selected', String(selected));
  row.classList.toggle('selected', selected);
  const [time, dir, ns, name, preview] = Array.from(row.children) as HTMLElement[];
  setText(time, clockTime(ev.time));
  setText(dir, ev.direction === 'in' ? '↓' : '↑');
  dir.title = t(ev.direction === 'in' ? 'console.dir_in' : 'console.dir_out');
  dir.className = `cell-dir dir-${ev.direction}`;
  setText(ns, ev.namespace);
  setText(name, ev.event);
  const [mark, text] = Array.from(preview.children) as HTMLElement[];
  if (reply === 'none') {
    setText(mark, '');
    mark.removeAttribute('title');
  } else {
    setText(mark, t(MARKS[reply][0]));
    mark.title = t(MARKS[reply][1]);
  }
  setText(text, ev.args.length ? previewArgs(ev.args) : t('console.no_args'));
}

export function renderRow(ev: ConsoleEvent, index = 0, selected = false, reply: ReplyState = 'none'): HTMLElement {
  const row = createRow();
  fillRow(row, ev, index, selected, reply);
  return row;
}
