// A room's chat as a virtualized list: one tall spacer and absolutely placed rows for
// the entries on screen only, so 100,000 messages cost as much to show as twenty. Rows
// differ in height (one line, a long text, a file card): each starts at an estimate and
// is measured once drawn; rows above the top one on screen keep it in place (an anchor)
// while their estimates are corrected. At the bottom, the list follows new entries;
// scrolled up, it stays put and a pill counts what came since (my own send always goes
// to the bottom).
import type { App } from '../../app';
import type { ChatEntry } from '../../bindings/ChatEntry';
import { el, frameScheduler, setText } from '../../dom';
import { t, tn } from '../../i18n';
import type { Files } from '../../state/files';
import { RowHeights, rowsInView } from '../../lib/heights';
import { indexOfKey, itemAt, type KeyedLog } from '../../lib/keyed-log';
import { dayKey } from '../../state/space';
import { isValidTime } from '../../lib/format';
import { dayWords } from './day-words';
import { messageRow, type MessageRow } from './message-row';

/** A one-line message with its name line, before it is measured. */
export const ROW_ESTIMATE = 64;
const OVERSCAN = 6;
/** Within this many pixels of the bottom counts as at the bottom. */
const STICK_PX = 24;
/** The viewport's height when the layout has none to give (before it is shown, in tests). */
const FALLBACK_VIEWPORT = 600;
/** Measuring may move rows in and out of the window; this many rounds settle it. */
const PASSES = 3;

export interface ChatView {
  /** Which chat (connection and room); another one starts at its bottom. */
  key: string;
  room: string;
  entries: KeyedLog<ChatEntry>;
  files: Files;
  now: number;
}

interface Drawn {
  row: MessageRow;
  index: number;
}

export class ChatList {
  readonly element: HTMLElement;
  private readonly box: HTMLElement;
  private readonly spacer = el('div', { class: 'space-spacer' });
  private readonly empty = el('p', { class: 'muted space-chat-empty', text: t('space.chat_empty') });
  private readonly pill: HTMLButtonElement;
  private readonly heights = new RowHeights(ROW_ESTIMATE);
  private rows = new Map<string, Drawn>();
  private view: ChatView | null = null;
  private stick = true;
  /** The entry at the top of the viewport and how far it is scrolled past. */
  private anchor: { key: string; offset: number } | null = null;
  /** Where the entries ended (absolute position) when the bottom was last in view. */
  private seenEnd = 0;
  private readonly observer: ResizeObserver | null;

  constructor(
    private readonly app: App,
    private readonly onRetry: (entry: ChatEntry) => void,
  ) {
    this.box = el(
      'div',
      {
        class: 'space-log',
        testid: 'space-log',
        attrs: { role: 'log', tabindex: 0 },
        on: { scroll: () => this.onScroll() },
      },
      [this.spacer],
    );
    this.pill = el('button', {
      class: 'space-new-pill',
      testid: 'space-new-messages',
      attrs: { type: 'button' },
      on: { click: () => this.toBottom() },
    });
    this.pill.hidden = true;
    this.element = el('div', { class: 'space-chat' }, [this.box, this.empty, this.pill]);
    // Rows change height (a preview opened, the window narrowed): measure again.
    const again = frameScheduler(() => this.refresh());
    this.observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(again);
    this.observer?.observe(this.box);
  }

  /** The rows on screen now (for tests and the curious). */
  get drawn(): number {
    return this.rows.size;
  }

  show(view: ChatView | null): void {
    const before = this.view;
    this.view = view;
    // Nothing of this chat changed (the news was elsewhere): leave the rows alone.
    if (before && view && before.key === view.key && before.entries === view.entries && before.files === view.files) return;
    if (!view) {
      this.clearRows();
      this.heights.reset(0);
      this.refresh();
      return;
    }
    const log = view.entries;
    this.box.setAttribute('aria-label', t('space.chat', { room: view.room }));
    if (!before || before.key !== view.key) {
      // Another chat: start at its bottom.
      this.clearRows();
      this.heights.reset(log.length);
      this.stick = true;
      this.anchor = null;
    } else if (log !== before.entries) {
      if (log.base !== before.entries.base) this.heights.reset(log.length); // the cap dropped the oldest
      else this.heights.resize(log.length);
      // My own new entry brings the bottom into view.
      const from = Math.max(before.entries.base + before.entries.length, log.base) - log.base;
      for (let i = from; i < log.length; i++) if (itemAt(log, i)?.mine) this.stick = true;
    }
    if (this.stick) this.seenEnd = log.base + log.length;
    this.refresh();
  }

  private end(): number {
    return this.view ? this.view.entries.base + this.view.entries.length : 0;
  }

  private viewport(): number {
    return this.box.clientHeight || FALLBACK_VIEWPORT;
  }

  private atBottom(): boolean {
    return this.box.scrollTop + this.viewport() >= this.heights.total() - STICK_PX;
  }

  private toBottom(): void {
    this.stick = true;
    this.seenEnd = this.end();
    this.refresh();
    this.box.focus();
  }

  private onScroll(): void {
    this.stick = this.atBottom();
    if (this.stick) this.seenEnd = this.end();
    this.anchor = this.topAnchor();
    this.paint(PASSES);
  }

  private refresh(): void {
    this.spacer.style.height = `${this.heights.total()}px`;
    this.restoreScroll();
    this.paint(PASSES);
  }

  private restoreScroll(): void {
    if (this.stick) {
      this.box.scrollTop = Math.max(0, this.heights.total() - this.viewport());
      return;
    }
    const i = this.anchor && this.view ? indexOfKey(this.view.entries, this.anchor.key) : -1;
    if (this.anchor && i >= 0) this.box.scrollTop = this.heights.offsetOf(i) + this.anchor.offset;
  }

  private topAnchor(): { key: string; offset: number } | null {
    if (!this.view) return null;
    const top = this.box.scrollTop;
    const i = this.heights.indexAt(top);
    const e = itemAt(this.view.entries, i);
    return e ? { key: e.key, offset: top - this.heights.offsetOf(i) } : null;
  }

  /** The words of the day separator above entry i, or null when it is the same day as the one before. */
  private dayOf(log: KeyedLog<ChatEntry>, i: number, now: number): string | null {
    // A time no calendar holds starts no day (and ends none), like a missing one.
    const time = itemAt(log, i)?.time;
    if (!isValidTime(time)) return null;
    if (i > 0) {
      const before = itemAt(log, i - 1)?.time;
      if (!isValidTime(before) || dayKey(before) === dayKey(time)) return null;
    }
    return dayWords(time, now);
  }

  private paint(passes: number): void {
    const view = this.view;
    const count = view?.entries.length ?? 0;
    this.empty.hidden = view === null || count > 0;
    this.syncPill();
    if (!view) return;
    const log = view.entries;
    const { first, last } = rowsInView(this.heights, this.box.scrollTop, this.viewport(), OVERSCAN);
    const keep = new Map<string, Drawn>();
    for (let i = first; i <= last; i++) {
      const entry = itemAt(log, i);
      if (!entry) continue;
      let row = this.rows.get(entry.key)?.row;
      this.rows.delete(entry.key);
      if (!row) {
        row = messageRow(this.app, this.onRetry);
        this.observer?.observe(row.element);
      }
      row.set(entry, this.dayOf(log, i, view.now), view.files, view.now);
      row.element.style.top = `${this.heights.offsetOf(i)}px`;
      if (row.element.parentNode !== this.box) this.box.appendChild(row.element);
      keep.set(entry.key, { row, index: i });
    }
    this.clearRows();
    this.rows = keep;

    // Measure what was drawn; corrections move the rows below and maybe the window.
    let changed = false;
    for (const { row, index } of keep.values()) changed = this.heights.set(index, row.element.offsetHeight) || changed;
    if (changed && passes > 1) {
      this.spacer.style.height = `${this.heights.total()}px`;
      this.restoreScroll();
      this.paint(passes - 1);
      return;
    }
    if (changed) {
      this.spacer.style.height = `${this.heights.total()}px`;
      for (const { row, index } of keep.values()) row.element.style.top = `${this.heights.offsetOf(index)}px`;
    }
    if (!this.stick) this.anchor = this.topAnchor();
  }

  private syncPill(): void {
    const waiting = this.stick ? 0 : this.end() - this.seenEnd;
    this.pill.hidden = waiting <= 0;
    if (waiting > 0) setText(this.pill, tn('space.new_messages', waiting));
  }

  private clearRows(): void {
    for (const { row } of this.rows.values()) {
      this.observer?.unobserve(row.element);
      row.element.remove();
      row.dispose();
    }
    this.rows.clear();
  }
}
