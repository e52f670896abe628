// The console of the selected connection: a toolbar (filter, search, Pause, Clear),
// the virtualized event list and the inspector (with Reply for a server's ack request).
import type { App } from '../app';
import { el, frameScheduler, setText } from '../dom';
import { t, tn } from '../i18n';
import { answerOf, emptyReplies, replyState, type Replies } from '../state/ack-reply';
import { emptyLog, eventBySeq, firstSeq, type ConsoleEvent, type EventLog } from '../state/event-log';
import { FilterIndex, isActive, type Filter } from '../lib/filter';
import { ariaKeys, keysText, onMac } from '../lib/shortcuts';
import { EventList, type Rows } from './event-list';
import { openReplyDialog } from './ack-reply';
import { Inspector, type ReplyInfo } from './inspector';

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

export function consoleView(app: App): HTMLElement {
  let connId: string | null = null;
  let filter: Filter = { name: '', text: '' };
  let paused = false;
  let pausedAt = 0;
  let selected: ConsoleEvent | null = null;
  const index = new FilterIndex();

  const replies = (): Replies => app.store.get().conns[connId ?? '']?.replies ?? emptyReplies();
  const replyInfo = (ev: ConsoleEvent | null): ReplyInfo => {
    if (!ev) return { state: 'none' };
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
    inspector.show(ev, replyInfo(ev));
    render();
  });

  const onFilter = () => {
    filter = { name: nameInput.value, text: textInput.value };
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
  const held = el('span', { class: 'held', attrs: { 'aria-live': 'polite' } });
  const count = el('span', { class: 'count muted' });
  const pause = el('button', {
    testid: 'console-pause',
    text: t('console.pause'),
    attrs: { type: 'button', 'aria-pressed': 'false' },
    on: {
      click: () => {
        paused = !paused;
        pausedAt = (app.store.get().conns[connId ?? '']?.log ?? emptyLog()).nextSeq - 1;
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
        pausedAt = (app.store.get().conns[connId ?? '']?.log ?? emptyLog()).nextSeq - 1;
        selected = null;
        inspector.show(null);
        list.follow();
      },
    },
  });

  const render = frameScheduler(() => {
    const state = app.store.get();
    if (state.selected !== connId) {
      // Another server: start from a clean view of its events.
      connId = state.selected;
      paused = false;
      selected = null;
      inspector.show(null);
      index.reset();
      list.follow();
    }
    const log = (connId && state.conns[connId]?.log) || emptyLog();
    const limit = paused ? pausedAt : log.nextSeq - 1;
    const filtering = isActive(filter);
    let rows: Rows;
    if (filtering) {
      index.update(log, filter, limit);
      rows = indexRows(log, index);
    } else rows = rangeRows(log, limit);
    const total = log.length;
    const r = connId ? state.conns[connId]?.replies : undefined;
    list.setRows(rows, selected?.seq ?? null, t(filtering && total ? 'console.empty_filtered' : 'console.empty'), (ev) =>
      r ? replyState(r, ev) : 'none',
    );
    // An ack request of the shown event may have been answered or lost since.
    inspector.show(selected, replyInfo(selected));
    setText(count, filtering ? tn('console.count', total, { shown: rows.count }) : tn('console.count_all', total));
    setText(held, paused ? t('console.held', { count: log.nextSeq - 1 - pausedAt }) : '');
    setText(pause, t(paused ? 'console.resume' : 'console.pause'));
    pause.setAttribute('aria-pressed', String(paused));
    pause.classList.toggle('active', paused);
  });
  app.store.subscribe(render);
  render();

  return el('section', { class: 'console', attrs: { 'aria-label': t('console.list_label') } }, [
    el('div', { class: 'toolbar' }, [nameInput, textInput, el('span', { class: 'spacer' }), count, held, pause, clear]),
    el('div', { class: 'console-body' }, [list.element, inspector.element]),
  ]);
}
