// The virtualized event list: a scroll box with one tall spacer, and absolutely placed
// rows for just the visible window. It follows new events until the person scrolls up or
// selects a row, and then stays put — even while the cap drops the oldest rows above,
// thanks to an anchor on the top row — while a pill counts the new rows below; the pill
// (or End) goes back to the end and follows again, as does scrolling back to the end.
// Only the person's scrolls count: the list's own (following) are told apart by the
// scrollTop it set, and "at the end" allows a row and a half. Arrow keys, Page Up/Down,
// Home and End move the selection (over the divider between earlier sessions and this one).
import { el, later, setText } from '../dom';
import { t, tn } from '../i18n';
import type { ReplyState } from '../state/ack-reply';
import type { ConsoleEvent } from '../state/event-log';
import { nearBottom, scrollToReveal, visibleWindow } from '../lib/virtual';
import { createRow, DIVIDER_SEQ, fillRow, ROW_HEIGHT } from './console-row';

/** The rows to show, in order: `count` of them, looked up by index. */
export interface Rows {
  count: number;
  at(index: number): ConsoleEvent | undefined;
  indexOfSeq(seq: number): number;
}

const OVERSCAN = 6;
/**
 * While it follows a flood (more new rows than fit on screen since the last draw), the list
 * is drawn at most this often (ms): each draw replaces every row on screen and the web view
 * repaints them all, and nobody reads faster.
 */
export const FLOOD_DRAW_MS = 100;
/** How far from the end the list still counts as at the end (px). */
export const FOLLOW_TOLERANCE = Math.round(ROW_HEIGHT * 1.5);

export class EventList {
  readonly element: HTMLElement;
  /** "N new events" below, while not following: a click goes to the end and follows again. */
  readonly pill: HTMLButtonElement;
  /** The list and its pill. */
  readonly box: HTMLElement;
  private readonly spacer = el('div', { class: 'event-spacer' });
  private readonly empty = el('div', { class: 'event-empty' });
  private rows: Rows = { count: 0, at: () => undefined, indexOfSeq: () => -1 };
  private selected: number | null = null;
  private replyOf: (ev: ConsoleEvent) => ReplyState = () => 'none';
  private stick = true;
  /** The newest row when following stopped: rows after it are new. */
  private seenSeq: number | null = null;
  /** The scrollTop the list itself set last (its own scroll events are not the person's). */
  private ownTop = -1;
  /** The row at the top of the viewport and how far it is scrolled past, when not following. */
  private anchor: { seq: number; offset: number } | null = null;
  private pool = new Map<number, HTMLElement>(); // seq -> row node on screen
  /** When the list was last drawn, and its newest row's seq then (for `FLOOD_DRAW_MS`). */
  private drawnAt = -Infinity;
  private drawnNewest = 0;
  private drawLater: (() => void) | null = null;
  /** What the rows on screen were drawn from: the same again draws nothing. */
  private drawn: { rows: Rows; first: number; last: number; selected: number | null; replyOf: unknown } | null = null;

  constructor(private readonly onSelect: (ev: ConsoleEvent) => void) {
    this.element = el(
      'div',
      {
        class: 'event-list',
        attrs: { role: 'listbox', tabindex: 0, 'aria-label': t('console.list_label') },
        on: {
          scroll: () => this.onScroll(),
          keydown: (e) => this.onKey(e),
          click: (e) => this.onClick(e),
        },
      },
      [this.spacer, this.empty],
    );
    this.pill = el('button', {
      class: 'new-events-pill',
      testid: 'console-new-events',
      attrs: { type: 'button', hidden: true },
      on: {
        click: () => {
          this.follow();
          this.element.focus();
        },
      },
    });
    this.box = el('div', { class: 'event-list-box' }, [this.element, this.pill]);
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
    if (this.stick && this.flooding()) {
      this.drawLater ??= later(() => this.refresh(), Math.max(0, this.drawnAt + FLOOD_DRAW_MS - performance.now()));
      return;
    }
    this.refresh();
  }

  /** Following, more new rows than the screen holds came since a draw less than FLOOD_DRAW_MS ago. */
  private flooding(): boolean {
    const newest = this.rows.at(this.rows.count - 1)?.seq ?? 0;
    const screen = Math.ceil((this.element.clientHeight || 600) / ROW_HEIGHT);
    return newest - this.drawnNewest > screen && performance.now() - this.drawnAt < FLOOD_DRAW_MS;
  }

  /** Start following the newest events again (after Clear, a new connection, the pill, End). */
  follow(): void {
    this.stick = true;
    this.seenSeq = null;
    this.refresh();
  }

  /** Select row `index` and bring it into view (the list stops following). */
  reveal(index: number): void {
    const ev = this.rows.at(index);
    if (!ev) return;
    this.unstick();
    this.selected = ev.seq;
    const top = scrollToReveal(index, this.element.scrollTop, this.element.clientHeight, ROW_HEIGHT);
    if (top !== null) this.setTop(top);
    this.drawPill();
    this.paint();
  }

  /** Whether the list follows new rows. */
  get following(): boolean {
    return this.stick;
  }

  /** Stop following: the newest row now is the last one seen. */
  private unstick(): void {
    if (!this.stick) return;
    this.stick = false;
    this.seenSeq = this.rows.at(this.rows.count - 1)?.seq ?? null;
  }

  /** How many rows came after the newest one seen when following stopped. */
  get newCount(): number {
    if (this.stick) return 0;
    const { count } = this.rows;
    if (this.seenSeq === null) return count;
    const i = this.rows.indexOfSeq(this.seenSeq);
    return i < 0 ? 0 : count - 1 - i;
  }

  private setTop(top: number): void {
    this.element.scrollTop = top;
    this.ownTop = this.element.scrollTop;
  }

  private onScroll(): void {
    const box = this.element;
    if (Math.abs(box.scrollTop - this.ownTop) >= 1) {
      // The person scrolled: at the end, follow; anywhere else, stay there.
      if (nearBottom(box.scrollTop, box.clientHeight, box.scrollHeight, FOLLOW_TOLERANCE)) {
        if (!this.stick) {
          this.stick = true;
          this.seenSeq = null;
          this.drawPill();
        }
      } else this.unstick();
      this.drawPill();
    }
    this.paint();
  }

  private drawPill(): void {
    const n = this.newCount;
    this.pill.hidden = n === 0;
    if (n > 0) {
      const words = tn('history.new_events', n);
      setText(this.pill, `${words} ↓`);
      this.pill.setAttribute('aria-label', words);
      this.pill.title = t('history.new_events_title');
    }
  }

  private refresh(): void {
    this.drawLater?.();
    this.drawLater = null;
    this.drawnAt = performance.now();
    this.drawnNewest = this.rows.at(this.rows.count - 1)?.seq ?? 0;
    this.spacer.style.height = `${this.rows.count * ROW_HEIGHT}px`;
    if (this.stick) this.setTop(this.element.scrollHeight);
    else if (this.anchor) {
      const i = this.rows.indexOfSeq(this.anchor.seq);
      if (i >= 0) this.setTop(i * ROW_HEIGHT + this.anchor.offset);
    }
    this.drawPill();
    this.paint();
  }

  private paint(): void {
    const box = this.element;
    const win = visibleWindow(box.scrollTop, box.clientHeight || 600, ROW_HEIGHT, this.rows.count, OVERSCAN);
    const topIndex = Math.floor(box.scrollTop / ROW_HEIGHT);
    const top = this.rows.at(topIndex);
    this.anchor = top ? { seq: top.seq, offset: box.scrollTop - topIndex * ROW_HEIGHT } : null;
    // The list's own scroll (following) comes back as a scroll event: the rows are drawn already.
    const d = this.drawn;
    if (d && d.rows === this.rows && d.first === win.first && d.last === win.last && d.selected === this.selected && d.replyOf === this.replyOf) return;
    this.drawn = { rows: this.rows, first: win.first, last: win.last, selected: this.selected, replyOf: this.replyOf };
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
    if (!ev || ev.seq === DIVIDER_SEQ) return;
    // A row the person picks stays in view: the list stops following.
    this.unstick();
    this.drawPill();
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
    let index = Math.max(0, Math.min(count - 1, moves[e.key]));
    // Over the divider, on in the same direction.
    if (this.rows.at(index)?.seq === DIVIDER_SEQ) {
      const step = index < current || e.key === 'Home' ? (e.key === 'Home' ? 1 : -1) : 1;
      const next = index + step;
      index = next >= 0 && next < count ? next : index - step;
    }
    const ev = this.rows.at(index);
    if (!ev || ev.seq === DIVIDER_SEQ) return;
    if (e.key === 'End') {
      // End: the newest row, and follow again.
      this.stick = true;
      this.seenSeq = null;
    } else {
      const top = scrollToReveal(index, this.element.scrollTop, this.element.clientHeight, ROW_HEIGHT);
      if (top !== null) this.setTop(top);
      this.unstick();
    }
    this.drawPill();
    this.selected = ev.seq; // now, so that quick key repeats move on from here
    this.onSelect(ev);
  }
}
