// In the inspector, what a row has to do with others: an emit sent with an ack and its
// answer (or that none came) with the round trip, an answer and the emit it answers
// (a button selects the other row when it is in the list), a change of the connection's
// state in words.
import { el } from '../dom';
import { t } from '../i18n';
import { kindOf, type ConsoleEvent } from '../state/event-log';
import { previewArgs } from '../lib/format';
import { stateWords } from './console-row';

/** An emit sent with an ack and its answer, from the side of the row shown. */
export interface AckLink {
  /** The row shown is the emit, or the answer (or timeout). */
  role: 'emit' | 'answer';
  status: 'waiting' | 'answered' | 'timed_out' | 'unknown';
  /** The other row, when it is known. */
  other?: ConsoleEvent;
  /** The other row's seq, when known (it may not be in the list). */
  otherSeq?: number;
  /** Whether the other row is in the list now (so it can be selected). */
  inList: boolean;
  roundTripMs?: number;
  timeoutMs?: number;
}

export const sameLink = (a: AckLink | undefined, b: AckLink | undefined): boolean =>
  a === b ||
  (!!a && !!b && a.role === b.role && a.status === b.status && a.other === b.other && a.otherSeq === b.otherSeq &&
    a.inList === b.inList && a.roundTripMs === b.roundTripMs);

function statusText(link: AckLink): string {
  const rtt = link.roundTripMs;
  switch (link.status) {
    case 'waiting':
      return t('history.link.waiting');
    case 'answered':
      return rtt !== undefined ? t('history.link.answered_in', { ms: rtt }) : t('history.link.answered');
    case 'timed_out':
      return link.timeoutMs !== undefined ? t('history.row.ack_timeout_ms', { ms: link.timeoutMs }) : t('history.row.ack_timeout');
    case 'unknown':
      return t('history.link.unknown');
  }
}

/** The box under the inspector's facts, or null when the row has no links and is no state. */
export function linkBox(ev: ConsoleEvent, link: AckLink | undefined, onLink: (seq: number) => void): HTMLElement | null {
  if (kindOf(ev) === 'state') {
    return el('div', { class: 'link-box', testid: 'state-box' }, [el('p', { text: stateWords(ev) })]);
  }
  if (!link) return null;
  const lines: HTMLElement[] = [];
  if (link.role === 'answer') {
    lines.push(el('p', { text: t('history.link.answer_to', { event: ev.event }) }));
    if (link.roundTripMs !== undefined) lines.push(el('p', { text: t('history.link.answered_in', { ms: link.roundTripMs }) }));
  } else {
    lines.push(el('p', { testid: 'ack-link-status', text: statusText(link) }));
    if (link.other && kindOf(link.other) === 'ack') {
      const args = link.other.args;
      lines.push(el('p', { class: 'link-answer', text: args.length ? t('history.link.answer_args', { args: previewArgs(args) }) : t('reply.answered_none') }));
    }
  }
  const target = link.otherSeq;
  const button =
    target !== undefined && link.inList
      ? el('button', {
          class: 'small',
          testid: link.role === 'emit' ? 'ack-link-answer' : 'ack-link-emit',
          text: t(link.role === 'emit' ? 'history.link.show_answer' : 'history.link.show_emit'),
          attrs: { type: 'button' },
          on: { click: () => onLink(target) },
        })
      : null;
  return el('div', { class: 'link-box', testid: 'ack-link', attrs: { 'data-status': link.status, 'data-role': link.role } }, [
    el('h3', { class: 'inspector-sub', text: t('history.link.heading') }),
    ...lines,
    button,
  ]);
}
