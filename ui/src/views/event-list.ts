// The virtualized event list: a scroll box with one tall spacer, and absolutely placed
// rows for just the visible window. It follows new events while scrolled to the bottom
// and stays put once the person scrolls up — even while the cap drops the oldest rows
// above, thanks to an anchor on the top row. Arrow keys, Page Up/Down, Home and End
// move the selection.
import { el } from '../dom';
import { t } from '../i18n';
import type { ReplyState } from '../state/ack-reply';
import type { ConsoleEvent } from '../state/event-log';
import { atBottom, scrollToReveal, visibleWindow } from '../lib/virtual';
import { createRow, fillRow, ROW_HEIGHT } from './console-row';

/** The rows to show, in order: `count` of them, looked up by index. */
export interface Rows {
  count: number;
  at(index: number): ConsoleEvent | undefined;
  indexOfSeq(seq: number): number;
}

const OVERSCAN = 6;

export class EventList {
  readonly element: HTMLElement;
  private readonly spacer = el('div', { class: 'event-spacer' });
  private readonly empty = el('div', { class: 'event-empty' });
  private rows: Rows = { count: 0, at: () => undefined, indexOfSeq: () => -1 };
  private selected: number | null = null;
  private replyOf: (ev: ConsoleEvent) => ReplyState = () => 'none';
  private stick = true;
  /** The row at the top of the viewport and how far it is scrolled past, when not following. */
  private anchor: { seq: number; offset: number } | null = null;
  private pool = new Map<number, HTMLElement>(); // seq -> row node on screen

  constructor(private readonly onSelect: (ev: ConsoleEvent) => void) {
    this.element = el(
      'div',
      {
        class: 'event-list',
        attrs: { role: 'listbox', tabindex: 0, 'aria-label': t('console.list_label') },
        on: {
          scroll: () => {
            this.stick = atBottom(this.element.scrollTop, this.element.clientHeight, this.element.scrollHeight, ROW_HEIGHT);
            this.paint();
          },
          keydown: (e) => this.onKey(e),
          click: (e) => this.onClick(e),
        },
      },
      [this.spacer, this.empty],
    );
    // The viewport's height changes with the window and the panes around it.
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.refresh()).observe(this.element);
  }

  /**
   * New content (more events, another filter, an answered ack request…). `emptyText` shows
   * when there are no rows; `replyOf` tells each row whether the server waits for an answer.
   */
  setRows(rows: Rows, selected: number | null, emptyText: string, replyOf: (ev: ConsoleEvent) => ReplyState = () => 'none'): void {
    this.rows = rows;
    this.selected = selected;
    this.replyOf = replyOf;
    this.empty.textContent = rows.count === 0 ? emptyText : '';
    this.empty.hidden = rows.count !== 0;
    // A listbox must hold options: while there are none it is a labelled group with its words.
    this.element.setAttribute('role', rows.count === 0 ? 'group' : 'listbox');
    this.refresh();
  }

  /** Start following the newest events again (after Clear, or a new connection). */
  follow(): void {
    this.stick = true;
    this.refresh();
  }

  private refresh(): void {
    this.spacer.style.height = `${this.rows.count * ROW_HEIGHT}px`;
    if (this.stick) this.element.scrollTop = this.element.scrollHeight;
    else if (this.anchor) {
      const i = this.rows.indexOfSeq(this.anchor.seq);
      if (i >= 0) this.element.scrollTop = i * ROW_HEIGHT + this.anchor.offset;
    }
    this.paint();
  }

  private paint(): void {
    const box = this.element;
    const win = visibleWindow(box.scrollTop, box.clientHeight || 600, ROW_HEIGHT, this.rows.count, OVERSCAN);
    const topIndex = Math.floor(box.scrollTop / ROW_HEIGHT);
    const top = this.rows.at(topIndex);
    this.anchor = top ? { seq: top.seq, offset: box.scrollTop - topIndex * ROW_HEIGHT } : null;
    const keep = new Map<number, HTMLElement>();
    for (let i = win.first; i <= win.last; i++) {
      const ev = this.rows.at(i);
      if (!ev) continue;
      const row = this.pool.get(ev.seq) ?? createRow();
      this.pool.delete(ev.seq);
      fillRow(row, ev, i, ev.seq === this.selected, this.replyOf(ev));
      keep.set(ev.seq, row);
      if (row.parentNode !== box) box.appendChild(row);
    }
    for (const row of this.pool.values()) row.remove();
    this.pool = keep;
    const active = this.selected !== null ? keep.get(this.selected) : undefined;
    if (active) box.setAttribute('aria-activedescendant', active.id);
    else box.removeAttribute('aria-activedescendant');
  }

  private onClick(e: MouseEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.console-row');
    if (!row) return;
    const ev = this.rows.at(this.rows.indexOfSeq(Number(row.dataset.seq)));
    if (!ev) return;
    this.selected = ev.seq;
    this.onSelect(ev);
  }

  private onKey(e: KeyboardEvent): void {
    const { count } = this.rows;
    if (count === 0) return;
    const page = Math.max(1, Math.floor(this.element.clientHeight / ROW_HEIGHT) - 1);
    const current = this.selected === null ? -1 : this.rows.indexOfSeq(this.selected);
    const moves: Record<string, number> = {
      ArrowDown: current < 0 ? count - 1 : current + 1,
      ArrowUp: current < 0 ? count - 1 : current - 1,
      PageDown: current + page,
      PageUp: current < 0 ? count - 1 - page : current - page,
      Home: 0,
      End: count - 1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const index = Math.max(0, Math.min(count - 1, moves[e.key]));
    const ev = this.rows.at(index);
    if (!ev) return;
    const top = scrollToReveal(index, this.element.scrollTop, this.element.clientHeight, ROW_HEIGHT);
    if (top !== null) this.element.scrollTop = top;
    this.stick = index === count - 1;
    this.selected = ev.seq; // now, so that quick key repeats move on from here
    this.onSelect(ev);
  }
}
