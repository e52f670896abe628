// The console of the selected connection: a toolbar (filter, search, Pause, Clear, the
// history: search, export, clear), the virtualized event list and the inspector (with
// Reply for a server's ack request, and an emit's answer with its round trip). Above the
// live events, the saved history of earlier sessions (asked once per server, with Load
// older); in search mode, the rows of a search over the whole history in the same list.
import type { App } from '../app';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { HistoryQuery } from '../bindings/HistoryQuery';
import { el, frameScheduler, setText } from '../dom';
import { errorText } from '../errors';
import { t, tn } from '../i18n';
import { chooseSavePath } from '../ipc';
import { answerOf, emptyReplies, replyState, type Replies } from '../state/ack-reply';
import { emptyLog, eventBySeq, firstSeq, kindOf, type ConsoleEvent, type EventLog } from '../state/event-log';
import { olderQuery, type HistoryList, type HistoryListName } from '../state/history';
import type { Conn } from '../state/store';
import { compileFilter, FilterIndex, isActive, type Filter } from '../lib/filter';
import { ariaKeys, keysText, onMac } from '../lib/shortcuts';
import { EventList, type Rows } from './event-list';
import { openReplyDialog } from './ack-reply';
import type { AckLink } from './ack-link';
import { confirmDialog } from './confirm';
import { dividerRow } from './console-row';
import { PAGE, searchForm, searchQuery } from './history-search';
import { Inspector, type ReplyInfo } from './inspector';
import { nextRequestId } from './protocol-request';

/** When this run of the app started: what came before is "earlier sessions". */
export const APP_START = Date.now();

/** All events of `log` up to `limitSeq`, unfiltered. */
function rangeRows(log: EventLog, limitSeq: number): Rows {
  const first = firstSeq(log);
  const count = Math.max(0, Math.min(limitSeq, log.nextSeq - 1) - first + 1);
  return {
    count,
    at: (i) => (i >= 0 && i < count ? eventBySeq(log, first + i) : undefined),
    indexOfSeq: (seq) => (seq >= first && seq - first < count ? seq - first : -1),
  };
}

function indexRows(log: EventLog, index: FilterIndex): Rows {
  return {
    count: index.count,
    at: (i) => {
      const seq = index.seqAt(i);
      return seq === undefined ? undefined : eventBySeq(log, seq);
    },
    indexOfSeq: (seq) => index.indexOf(seq),
  };
}

const positions = new WeakMap<readonly ConsoleEvent[], Map<number, number>>();

/** A list of rows held in an array (history rows: a few thousand at most). */
export function arrayRows(list: readonly ConsoleEvent[]): Rows {
  return {
    count: list.length,
    at: (i) => list[i],
    indexOfSeq: (seq) => {
      let map = positions.get(list);
      if (!map) {
        map = new Map(list.map((ev, i) => [ev.seq, i]));
        positions.set(list, map);
      }
      return map.get(seq) ?? -1;
    },
  };
}

const DIVIDER = dividerRow();

/** Earlier rows, the divider, then the live rows (no divider when there are no earlier rows). */
export function joinRows(earlier: Rows, live: Rows): Rows {
  if (earlier.count === 0) return live;
  const n = earlier.count;
  return {
    count: n + 1 + live.count,
    at: (i) => (i < n ? earlier.at(i) : i === n ? DIVIDER : live.at(i - n - 1)),
    indexOfSeq: (seq) => {
      if (seq < 0) return earlier.indexOfSeq(seq);
      if (seq === DIVIDER.seq) return n;
      const j = live.indexOfSeq(seq);
      return j < 0 ? -1 : n + 1 + j;
    },
  };
}

/** Send a history request for `list` of connection `id`; a refusal is kept in words. */
export async function askHistory(app: App, id: string, list: HistoryListName, query: HistoryQuery, older: HistoryList | null = null): Promise<void> {
  const request_id = nextRequestId();
  app.store.apply({ type: 'ui/history_ask', id, list, query: older ? older.query : query, request_id, older: older !== null });
  const error = await app.send({ type: 'history', id, request_id, query: older ? olderQuery(older) : query });
  if (error) app.store.apply({ type: 'ui/history_failed', id, request_id, message: errorText(error) });
}

/** What the earlier sessions' first page asks: the newest rows from before this run. */
export const earlierQuery = (): HistoryQuery => ({ kinds: [], until: APP_START - 1, limit: PAGE });

/** How an emit sent with an ack and its answer are tied, seen from `ev`. */
function linkOf(ev: ConsoleEvent, conn: Conn | undefined, rows: Rows): AckLink | undefined {
  const kind = kindOf(ev);
  if (ev.seq === 0 || kind === 'state' || (ev.emit_id == null && ev.linked == null)) return undefined;
  const role = kind === 'event' ? 'emit' : 'answer';
  const find = (seq: number | undefined) => {
    if (seq === undefined) return undefined;
    const i = rows.indexOfSeq(seq);
    return i >= 0 ? rows.at(i) : seq > 0 && conn ? eventBySeq(conn.log, seq) : undefined;
  };
  let otherSeq = ev.linked;
  if (!ev.earlier && conn && ev.emit_id != null && otherSeq == null) {
    const link = conn.emits[ev.emit_id];
    otherSeq = role === 'emit' ? link?.answer : link?.emit;
  }
  const other = find(otherSeq);
  const inList = otherSeq !== undefined && rows.indexOfSeq(otherSeq) >= 0;
  let status: AckLink['status'];
  if (role === 'answer') status = kind === 'ack' ? 'answered' : 'timed_out';
  else if (other) status = kindOf(other) === 'ack_timeout' ? 'timed_out' : 'answered';
  else if (ev.round_trip_ms != null) status = 'answered';
  else if (!ev.earlier && ev.emit_id != null && conn?.acks[ev.emit_id]?.status === 'waiting') status = 'waiting';
  else status = 'unknown';
  const answer = role === 'emit' ? other : ev;
  return {
    role,
    status,
    other,
    otherSeq,
    inList,
    roundTripMs: answer?.round_trip_ms ?? ev.round_trip_ms,
    timeoutMs: answer?.timeout_ms,
  };
}

export function consoleView(app: App): HTMLElement {
  let connId: string | null = null;
  let filter: Filter = { name: '', text: '' };
  let paused = false;
  let pausedAt = 0;
  let selected: ConsoleEvent | null = null;
  let searching = false;
  let rows: Rows = arrayRows([]);
  let status = '';
  let noteShown: Conn['historyNote'] = null;
  const index = new FilterIndex();
  let earlierCache: { list: readonly ConsoleEvent[]; filter: Filter; rows: Rows } | null = null;

  const conn = (): Conn | undefined => app.store.get().conns[connId ?? ''];
  const replies = (): Replies => conn()?.replies ?? emptyReplies();
  const replyInfo = (ev: ConsoleEvent | null): ReplyInfo => {
    if (!ev || ev.earlier) return { state: 'none' };
    const r = replies();
    return { state: replyState(r, ev), answer: answerOf(r, ev.seq) };
  };
  const inspector = new Inspector(
    (ev) => {
      if (connId) openReplyDialog(app, connId, ev);
    },
    // Load into form: the emit form below takes the event's name and arguments.
    (ev) => {
      if (connId) app.store.apply({ type: 'ui/load_emit', id: connId, event: ev.event, args: ev.args });
    },
  );
  const list = new EventList((ev) => {
    selected = ev;
    showInspector();
    render();
  });
  const showInspector = () => inspector.show(selected, replyInfo(selected), selected ? linkOf(selected, conn(), rows) : undefined);
  inspector.onLink = (seq) => {
    const i = rows.indexOfSeq(seq);
    const ev = i >= 0 ? rows.at(i) : undefined;
    if (!ev) return;
    selected = ev;
    list.reveal(i);
    showInspector();
    render();
  };

  const onFilter = () => {
    filter = { name: nameInput.value, text: textInput.value, direction: direction.value as Filter['direction'], exclude: exclude.value, regex: regex.checked };
    render();
  };
  const nameInput = el('input', {
    class: 'filter console-filter-name',
    testid: 'console-filter',
    attrs: {
      type: 'search',
      placeholder: t('console.filter.placeholder'),
      'aria-label': t('console.filter.label'),
      title: t('shortcut.tooltip', { label: t('console.filter.label'), keys: keysText({ kind: 'filter' }, onMac()) }),
      'aria-keyshortcuts': ariaKeys({ kind: 'filter' }, onMac()),
    },
    on: { input: onFilter, change: onFilter },
  });
  const textInput = el('input', {
    class: 'filter',
    testid: 'console-search',
    attrs: { type: 'search', placeholder: t('console.search.placeholder'), 'aria-label': t('console.search.label') },
    on: { input: onFilter, change: onFilter },
  });
  const exclude = el('input', {
    class: 'filter',
    testid: 'console-exclude',
    attrs: { type: 'search', placeholder: t('history.filter.exclude_placeholder'), 'aria-label': t('history.filter.exclude'), title: t('history.filter.exclude_title') },
    on: { input: onFilter, change: onFilter },
  });
  const direction = el(
    'select',
    { class: 'filter-direction', testid: 'console-direction', attrs: { 'aria-label': t('history.filter.direction') }, on: { change: onFilter } },
    [
      el('option', { text: t('history.direction.all'), attrs: { value: '' } }),
      el('option', { text: t('console.dir_in'), attrs: { value: 'in' } }),
      el('option', { text: t('console.dir_out'), attrs: { value: 'out' } }),
    ],
  );
  const regex = el('input', { testid: 'console-regex', attrs: { type: 'checkbox' }, on: { change: onFilter } });
  const regexLabel = el('label', { class: 'check regex-check', attrs: { title: t('history.filter.regex_title') } }, [regex, el('span', { text: t('history.filter.regex') })]);
  const filterError = el('p', { class: 'field-error filter-error', testid: 'console-filter-error', attrs: { role: 'alert' } });

  const held = el('span', { class: 'held', attrs: { 'aria-live': 'polite' } });
  const count = el('span', { class: 'count muted' });
  const pause = el('button', {
    testid: 'console-pause',
    text: t('console.pause'),
    attrs: { type: 'button', 'aria-pressed': 'false' },
    on: {
      click: () => {
        paused = !paused;
        pausedAt = (conn()?.log ?? emptyLog()).nextSeq - 1;
        if (!paused) list.follow();
        render();
      },
    },
  });
  const clear = el('button', {
    testid: 'console-clear',
    text: t('console.clear'),
    attrs: { type: 'button' },
    on: {
      click: () => {
        if (connId) app.store.apply({ type: 'ui/clear_console', id: connId });
        // A paused view would otherwise keep holding events that are gone.
        pausedAt = (conn()?.log ?? emptyLog()).nextSeq - 1;
        selected = null;
        inspector.show(null);
        list.follow();
      },
    },
  });

  // The history: search it, export it, clear it.
  const search = searchForm(
    (fields) => {
      if (!connId) return;
      selected = null;
      inspector.show(null);
      void askHistory(app, connId, 'search', searchQuery(fields));
      list.follow();
    },
    () => setSearching(false),
  );
  const searchToggle = el('button', {
    testid: 'history-search-open',
    text: t('history.search.open'),
    attrs: { type: 'button', 'aria-pressed': 'false', title: t('history.search.open_title') },
    on: { click: () => setSearching(!searching) },
  });
  const setSearching = (on: boolean) => {
    searching = on;
    selected = null;
    inspector.show(null);
    if (!on && connId) app.store.apply({ type: 'ui/search_close', id: connId });
    list.follow();
    render();
    if (on) search.focus();
    else searchToggle.focus();
  };

  const say = (text: string) => {
    status = text;
    render();
  };
  const exportAs = async (format: ExportFormat) => {
    menu.open = false;
    const id = connId;
    if (!id) return;
    const name = app.store.get().profiles.find((p) => p.id === id)?.name ?? id;
    const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'server';
    const path = await chooseSavePath(t('history.export.dialog_title'), `${safe}-history.${format}`);
    if (!path) return;
    const s = conn()?.history.search;
    const query: HistoryQuery = searching && s ? { ...s.query, limit: undefined } : { kinds: [] };
    say(t('history.export.working'));
    const error = await app.send({ type: 'export_history', id, query, format, path });
    if (error) say(t('history.export.failed', { error: errorText(error) }));
  };
  const clearHistory = async () => {
    menu.open = false;
    const id = connId;
    if (!id) return;
    const name = app.store.get().profiles.find((p) => p.id === id)?.name ?? id;
    if (!(await confirmDialog(t('history.clear.title'), t('history.clear.body', { server: name }), t('history.clear.ok')))) return;
    const error = await app.send({ type: 'clear_history', id });
    if (error) say(t('history.clear.failed', { error: errorText(error) }));
  };
  const menuItem = (testid: string, text: string, onClick: () => void) =>
    el('button', { class: 'menu-item', testid, text, attrs: { type: 'button' }, on: { click: onClick } });
  const menu = el('details', { class: 'history-menu', testid: 'history-menu' }, [
    el('summary', { testid: 'history-menu-open', text: t('history.menu'), attrs: { title: t('history.menu_title') } }),
    el('div', { class: 'menu-items' }, [
      menuItem('history-export-jsonl', t('history.export.jsonl'), () => void exportAs('jsonl')),
      menuItem('history-export-csv', t('history.export.csv'), () => void exportAs('csv')),
      menuItem('history-clear', t('history.clear.button'), () => void clearHistory()),
    ]),
  ]);
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.open) {
      e.preventDefault();
      menu.open = false;
      (menu.querySelector('summary') as HTMLElement).focus();
    }
  });
  const statusLine = el('p', { class: 'history-status one-line', testid: 'history-status', attrs: { role: 'status' } });

  // Above the list: earlier sessions (or the search's results) and Load older.
  const pageWords = el('span', { class: 'muted one-line' });
  const pageError = el('span', { class: 'field-error', attrs: { role: 'alert' } });
  const older = el('button', {
    class: 'small',
    testid: 'history-older',
    text: t('history.older'),
    attrs: { type: 'button' },
    on: {
      click: () => {
        const c = conn();
        const name: HistoryListName = searching ? 'search' : 'earlier';
        const l = c?.history[name];
        if (connId && l && !l.asking) void askHistory(app, connId, name, l.query, l);
      },
    },
  });
  const pageBar = el('div', { class: 'history-bar', testid: 'history-bar' }, [pageWords, pageError, older]);

  const filteredEarlier = (l: readonly ConsoleEvent[], filtering: boolean): Rows => {
    if (!filtering) return arrayRows(l);
    if (earlierCache && earlierCache.list === l && earlierCache.filter === filter) return earlierCache.rows;
    const test = compileFilter(filter).test;
    const r = arrayRows(l.filter(test));
    earlierCache = { list: l, filter, rows: r };
    return r;
  };

  const render = frameScheduler(() => {
    const state = app.store.get();
    if (state.selected !== connId) {
      // Another server: start from a clean view of its events.
      connId = state.selected;
      paused = false;
      selected = null;
      searching = false;
      status = '';
      inspector.show(null);
      index.reset();
      list.follow();
      noteShown = connId ? (state.conns[connId]?.historyNote ?? null) : null;
      // The first time a server is shown: its history from before this run of the app.
      if (connId && !state.conns[connId]?.history.earlier) void askHistory(app, connId, 'earlier', earlierQuery());
    }
    const c = connId ? state.conns[connId] : undefined;
    const log = c?.log ?? emptyLog();
    const limit = paused ? pausedAt : log.nextSeq - 1;
    const filtering = isActive(filter);
    const compiled = compileFilter(filter);
    const historyList = searching ? (c?.history.search ?? null) : (c?.history.earlier ?? null);
    if (searching) {
      rows = arrayRows(historyList?.rows ?? []);
    } else {
      let live: Rows;
      if (filtering) {
        index.update(log, filter, limit);
        live = indexRows(log, index);
      } else live = rangeRows(log, limit);
      rows = joinRows(filteredEarlier(historyList?.rows ?? [], filtering), live);
    }
    const total = log.length;
    const r = c?.replies;
    const emptyText = searching
      ? t(historyList?.asking ? 'history.search.working' : historyList?.answered ? 'history.search.none' : 'history.search.hint')
      : t(filtering && total ? 'console.empty_filtered' : 'console.empty');
    list.setRows(rows, selected?.seq ?? null, emptyText, (ev) => (r && !ev.earlier ? replyState(r, ev) : 'none'));
    // An ack request of the shown event may have been answered or lost since; an ack may have come.
    showInspector();
    setText(filterError, compiled.error);
    filterError.hidden = compiled.error === '';
    if (searching) setText(count, historyList?.answered ? tn('history.search.count', historyList.rows.length) : '');
    else setText(count, filtering ? tn('console.count', total, { shown: rows.count }) : tn('console.count_all', total));
    setText(held, paused ? t('console.held', { count: log.nextSeq - 1 - pausedAt }) : '');
    setText(pause, t(paused ? 'console.resume' : 'console.pause'));
    pause.setAttribute('aria-pressed', String(paused));
    pause.classList.toggle('active', paused);
    pause.hidden = searching;
    clear.hidden = searching;
    searchToggle.setAttribute('aria-pressed', String(searching));
    searchToggle.classList.toggle('active', searching);
    search.element.hidden = !searching;
    for (const f of [nameInput, textInput, exclude, direction, regexLabel]) f.hidden = searching;
    // The history bar: how many earlier rows are shown, Load older.
    const n = historyList?.rows.length ?? 0;
    const showBar = searching ? !!historyList?.answered : n > 0 || !!historyList?.more || !!historyList?.error;
    pageBar.hidden = !showBar;
    setText(pageWords, searching ? tn('history.search.count', n) : tn('history.earlier_count', n));
    setText(pageError, historyList?.error ? t('history.failed', { error: historyList.error }) : '');
    older.hidden = !historyList?.more;
    older.disabled = !!historyList?.asking;
    setText(older, t(historyList?.asking ? 'history.loading' : 'history.older'));
    // What became of an export or a clear.
    const note = c?.historyNote ?? null;
    if (note !== noteShown) {
      noteShown = note;
      if (note) status = note.kind === 'exported' ? tn('history.export.done', note.rows, { path: note.path }) : t('history.clear.done');
    }
    setText(statusLine, status);
    statusLine.title = status;
  });
  app.store.subscribe(render);
  render();

  return el('section', { class: 'console', attrs: { 'aria-label': t('console.list_label') } }, [
    el('div', { class: 'toolbar' }, [
      nameInput, textInput, exclude, direction, regexLabel, el('span', { class: 'spacer' }), count, held, pause, clear, searchToggle, menu,
    ]),
    filterError,
    search.element,
    statusLine,
    pageBar,
    el('div', { class: 'console-body' }, [list.box, inspector.element]),
  ]);
}
