// The inspector pane: the selected event's details and its args as a JSON tree, and for
// a server's ack request whether it waits for an answer, with Reply.
import { el, replace } from '../dom';
import { t } from '../i18n';
import type { ReplyState } from '../state/ack-reply';
import type { ConsoleEvent } from '../state/event-log';
import { dayAndClockTime, previewArgs, safeStringify } from '../lib/format';
import { icon } from './icons';
import { jsonTree } from './json-tree';
import { linkBox, sameLink, type AckLink } from './ack-link';
import { kindOf } from '../state/event-log';
import { stateName } from './console-row';

/** Where the shown event stands as a server's ack request. */
export interface ReplyInfo {
  state: ReplyState;
  /** The answer sent (state `answered`). */
  answer?: unknown[];
}

const NO_REPLY: ReplyInfo = { state: 'none' };

export class Inspector {
  readonly element = el('section', {
    class: 'inspector',
    testid: 'inspector',
    attrs: { 'aria-label': t('inspector.heading'), tabindex: -1 },
  });
  private shown: ConsoleEvent | null = null;
  private reply: ReplyInfo = NO_REPLY;
  private link: AckLink | undefined;
  /** Select the row of this seq in the list (an emit's answer, an answer's emit). */
  onLink: (seq: number) => void = () => {};

  /**
   * `onReply` opens the answer editor for an event the server waits on; `onLoad` puts an
   * event's name and arguments into the emit form (no Load button without it).
   */
  constructor(
    private readonly onReply: (ev: ConsoleEvent) => void = () => {},
    private readonly onLoad?: (ev: ConsoleEvent) => void,
  ) {
    this.show(null);
  }

  show(ev: ConsoleEvent | null, reply: ReplyInfo = NO_REPLY, link?: AckLink): void {
    const same = reply.state === this.reply.state && reply.answer === this.reply.answer && sameLink(link, this.link);
    if (ev === this.shown && same && this.element.firstChild) return;
    // The Reply button goes once answered; keep the focus in the pane rather than losing it.
    const hadFocus = this.element.contains(document.activeElement);
    this.shown = ev;
    this.reply = reply;
    this.link = link;
    if (!ev) {
      replace(this.element, [el('p', { class: 'muted inspector-empty', text: t('inspector.empty') })]);
      return;
    }
    const fact = (label: string, value: string, cls = '') =>
      [el('dt', { text: label }), el('dd', { class: cls, text: value })];
    const copy = el('button', {
      class: 'small',
      text: t('inspector.copy'),
      attrs: { type: 'button' },
      on: {
        click: () => {
          // The clipboard may be refused (no permission); the button then just does nothing.
          navigator.clipboard?.writeText(safeStringify(ev.args, 2)).then(
            () => (copy.textContent = t('inspector.copied')),
            () => undefined,
          );
        },
      },
    });
    replace(this.element, [
      el('header', { class: 'inspector-head' }, [
        el('h2', { class: 'inspector-title', text: kindOf(ev) === 'state' ? stateName(ev) : ev.event }),
        kindOf(ev) === 'event' ? this.loadButton(ev) : null,
        copy,
      ]),
      el('dl', { class: 'facts' }, [
        ...fact(t('inspector.direction'), t(ev.direction === 'in' ? 'console.dir_in' : 'console.dir_out'), `dir-${ev.direction}`),
        ...fact(t('inspector.time'), dayAndClockTime(ev.time)),
        ...fact(t('inspector.namespace'), ev.namespace),
        ...(ev.ack !== undefined && reply.state !== 'none' ? fact(t('inspector.ack'), t('inspector.ack_number', { ack: ev.ack })) : []),
      ]),
      this.replyBox(ev, reply),
      linkBox(ev, link, (seq) => this.onLink(seq)),
      el('h3', { class: 'inspector-sub', text: t('inspector.args') }),
      ev.args.length
        ? el('div', { class: 'json-tree' }, ev.args.map((a, i) => jsonTree(a, t('inspector.arg', { n: i + 1 }))))
        : el('p', { class: 'muted', text: t('console.no_args') }),
    ]);
    if (hadFocus && !this.element.contains(document.activeElement)) {
      (this.element.querySelector<HTMLElement>('.reply-box') ?? this.element).focus();
    }
  }

  private loadButton(ev: ConsoleEvent): HTMLElement | null {
    const onLoad = this.onLoad;
    if (!onLoad) return null;
    return el('button', {
      class: 'small',
      testid: 'inspector-load',
      text: t('inspector.load'),
      attrs: { type: 'button', title: t('inspector.load_title') },
      on: { click: () => onLoad(ev) },
    });
  }

  private replyBox(ev: ConsoleEvent, reply: ReplyInfo): HTMLElement | null {
    switch (reply.state) {
      case 'none':
        return null;
      case 'open':
        return el('div', { class: 'reply-box', testid: 'reply-box', attrs: { 'data-state': 'open' } }, [
          el('span', { class: 'reply-icon' }, [icon('clock')]),
          el('p', { text: t('reply.waiting') }),
          el('button', {
            class: 'primary small',
            testid: 'ack-reply',
            text: t('reply.button'),
            attrs: { type: 'button' },
            on: { click: () => this.onReply(ev) },
          }),
        ]);
      case 'answered': {
        const args = reply.answer ?? [];
        const text = args.length ? t('reply.answered', { args: previewArgs(args) }) : t('reply.answered_none');
        return el('div', { class: 'reply-box', testid: 'reply-box', attrs: { 'data-state': 'answered', tabindex: -1 } }, [
          el('span', { class: 'reply-icon' }, [icon('check')]),
          el('p', { class: 'reply-answer', text }),
        ]);
      }
      case 'lost':
        return el('div', { class: 'reply-box', testid: 'reply-box', attrs: { 'data-state': 'lost', tabindex: -1 } }, [
          el('span', { class: 'reply-icon' }, [icon('alert')]),
          el('p', { text: t('reply.lost') }),
        ]);
    }
  }
}
