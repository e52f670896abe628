// One row of the event list: time, direction, namespace, event name, args preview, and
// for a server's ack request a mark saying whether it waits for the person's answer.
// Timeline rows (the answer to an emit, an ack that did not come, a change of the
// connection's state) use the same cells, marked and worded by their kind; rows of the
// saved history are marked as earlier. The divider between earlier sessions and this one
// is a row too (seq 0). Rows are recycled as the list scrolls, so `fillRow` rewrites every field.
import type { ConnState } from '../bindings/ConnState';
import { el, setText } from '../dom';
import { t, type MessageKey } from '../i18n';
import type { ReplyState } from '../state/ack-reply';
import { kindOf, type ConsoleEvent } from '../state/event-log';
import { clockTime, previewArgs } from '../lib/format';
import { stateText } from './conn-state';

/** The seq of the divider row between earlier sessions and this one. */
export const DIVIDER_SEQ = 0;

/** The divider row: above it the saved history of earlier sessions, below it this session. */
export function dividerRow(): ConsoleEvent {
  return { seq: DIVIDER_SEQ, kind: 'state', direction: 'in', namespace: '', event: '', args: [], time: 0 };
}

const STATE_NAMES: Record<ConnState['state'], MessageKey> = {
  connecting: 'history.state.connecting',
  connected: 'history.state.connected',
  reconnecting: 'history.state.reconnecting',
  disconnected: 'history.state.disconnected',
};

function connStateOf(ev: ConsoleEvent): ConnState | null {
  const cs = ev.args[0];
  if (!cs || typeof cs !== 'object' || !('state' in cs)) return null;
  return typeof cs.state === 'string' && cs.state in STATE_NAMES ? (cs as ConnState) : null;
}

/** A state row's state, in a word or two. */
export function stateName(ev: ConsoleEvent): string {
  if (ev.event === 'upgraded') return t('history.state.upgraded');
  const key = STATE_NAMES[ev.event as ConnState['state']];
  return key ? t(key) : ev.event;
}

/** A state row's words: the state and why (the reason of a disconnect or a reconnect). */
export function stateWords(ev: ConsoleEvent): string {
  const cs = connStateOf(ev);
  if (!cs) return ev.detail ?? '';
  const words = stateText(cs);
  const reason = cs.state === 'reconnecting' ? (cs.reason ?? ev.detail) : undefined;
  return reason ? t('history.state.with_reason', { state: words, reason }) : words;
}

/** What a timeline row says in its preview cell. */
export function timelineText(ev: ConsoleEvent): string {
  switch (kindOf(ev)) {
    case 'ack': {
      const args = ev.args.length ? previewArgs(ev.args) : t('console.no_args');
      return ev.round_trip_ms !== undefined ? t('history.row.ack_rtt', { args, ms: ev.round_trip_ms }) : args;
    }
    case 'ack_timeout':
      return ev.timeout_ms !== undefined ? t('history.row.ack_timeout_ms', { ms: ev.timeout_ms }) : (ev.detail || t('history.row.ack_timeout'));
    case 'state':
      return stateWords(ev);
    default:
      return ev.args.length ? previewArgs(ev.args) : t('console.no_args');
  }
}

const KIND_MARKS = {
  ack: ['history.mark.ack', '↩'],
  ack_timeout: ['history.mark.ack_timeout', '⌛'],
  state: ['history.mark.state', '●'],
} as const;

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
  const kind = kindOf(ev);
  const divider = ev.seq === DIVIDER_SEQ;
  row.dataset.kind = divider ? 'divider' : kind;
  row.classList.toggle('earlier', ev.earlier === true);
  if (ev.earlier) row.dataset.earlier = 'true';
  else delete row.dataset.earlier;
  if (divider) row.setAttribute('aria-disabled', 'true');
  else row.removeAttribute('aria-disabled');
  row.dataset.event = ev.event;
  // Only events are in or out to the end-to-end tests' selectors: an answer is not an echo.
  row.dataset.direction = kind === 'event' && !divider ? ev.direction : '';
  row.dataset.seq = String(ev.seq);
  row.dataset.reply = reply;
  row.id = `event-${ev.seq}`;
  row.style.top = `${index * ROW_HEIGHT}px`;
  row.setAttribute('aria-selected', String(selected));
  row.classList.toggle('selected', selected);
  const [time, dir, ns, name, preview] = Array.from(row.children) as HTMLElement[];
  const [mark, text] = Array.from(preview.children) as HTMLElement[];
  if (divider || kind !== 'event') {
    const marks = divider ? null : KIND_MARKS[kind as keyof typeof KIND_MARKS];
    setText(time, divider ? '' : clockTime(ev.time));
    setText(dir, marks ? marks[1] : '');
    dir.title = marks ? t(marks[0]) : '';
    dir.className = `cell-dir kind-${divider ? 'divider' : kind}`;
    setText(ns, ev.namespace);
    setText(name, divider ? t('history.divider') : kind === 'state' ? stateName(ev) : ev.event);
    setText(mark, marks ? t(marks[0]) : '');
    mark.removeAttribute('title');
    setText(text, divider ? t('history.divider_hint') : timelineText(ev));
    return;
  }
  setText(time, clockTime(ev.time));
  setText(dir, ev.direction === 'in' ? '↓' : '↑');
  dir.title = t(ev.direction === 'in' ? 'console.dir_in' : 'console.dir_out');
  dir.className = `cell-dir dir-${ev.direction}`;
  setText(ns, ev.namespace);
  setText(name, ev.event);
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
