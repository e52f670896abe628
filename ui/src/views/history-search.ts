// The console's history search: text, event name, direction, kinds and a time range,
// sent as a HistoryQuery (Enter in any field, or Search). Pure parts are exported for tests.
import type { Direction } from '../bindings/Direction';
import type { HistoryKind } from '../bindings/HistoryKind';
import type { HistoryQuery } from '../bindings/HistoryQuery';
import { el, newId } from '../dom';
import { t, type MessageKey } from '../i18n';

export const HISTORY_KINDS: readonly HistoryKind[] = ['event', 'ack', 'ack_timeout', 'state'];
const KIND_WORDS: Record<HistoryKind, MessageKey> = {
  event: 'history.kind.event',
  ack: 'history.kind.ack',
  ack_timeout: 'history.kind.ack_timeout',
  state: 'history.kind.state',
};

/** Rows asked per page. */
export const PAGE = 500;

export interface SearchFields {
  text: string;
  event: string;
  direction: Direction | '';
  kinds: HistoryKind[];
  /** `datetime-local` values ('' for none). */
  since: string;
  until: string;
}

/** A `datetime-local` value as ms since the epoch (local time), or undefined. */
export function localTime(value: string, end = false): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  if (!Number.isFinite(ms)) return undefined;
  // Up to a minute's end when the field has no seconds: "until 10:05" includes 10:05:30.
  return end && /T\d\d:\d\d$/.test(value) ? ms + 59_999 : ms;
}

/** The query for the search fields. All kinds chosen is the same as none: all. */
export function searchQuery(f: SearchFields): HistoryQuery {
  const q: HistoryQuery = { kinds: f.kinds.length === HISTORY_KINDS.length ? [] : [...f.kinds], limit: PAGE };
  if (f.text.trim()) q.text = f.text.trim();
  if (f.event.trim()) q.event = f.event.trim();
  if (f.direction) q.direction = f.direction;
  const since = localTime(f.since);
  const until = localTime(f.until, true);
  if (since !== undefined) q.since = since;
  if (until !== undefined) q.until = until;
  return q;
}

export interface SearchForm {
  element: HTMLFormElement;
  fields(): SearchFields;
  focus(): void;
}

export function searchForm(onSearch: (f: SearchFields) => void, onClose: () => void): SearchForm {
  const labelled = (key: MessageKey, control: HTMLElement) => {
    const id = newId('history-search');
    control.id = id;
    return el('span', { class: 'search-field' }, [el('label', { text: t(key), attrs: { for: id } }), control]);
  };
  const text = el('input', { class: 'filter', testid: 'history-search-text', attrs: { type: 'search', placeholder: t('history.search.text_placeholder') } });
  const event = el('input', { class: 'filter', testid: 'history-search-event', attrs: { type: 'text', placeholder: t('history.search.event_placeholder') } });
  const direction = el('select', { testid: 'history-search-direction' }, [
    el('option', { text: t('history.direction.all'), attrs: { value: '' } }),
    el('option', { text: t('console.dir_in'), attrs: { value: 'in' } }),
    el('option', { text: t('console.dir_out'), attrs: { value: 'out' } }),
  ]);
  const kinds = HISTORY_KINDS.map((kind) => {
    const input = el('input', { testid: `history-search-kind-${kind}`, attrs: { type: 'checkbox', value: kind } });
    input.checked = true;
    return { kind, input, element: el('label', { class: 'check' }, [input, el('span', { text: t(KIND_WORDS[kind]) })]) };
  });
  const since = el('input', { testid: 'history-search-since', attrs: { type: 'datetime-local', step: 1 } });
  const until = el('input', { testid: 'history-search-until', attrs: { type: 'datetime-local', step: 1 } });
  const fields = (): SearchFields => ({
    text: text.value,
    event: event.value,
    direction: direction.value as Direction | '',
    kinds: kinds.filter((k) => k.input.checked).map((k) => k.kind),
    since: since.value,
    until: until.value,
  });
  const element = el(
    'form',
    {
      class: 'history-search',
      testid: 'history-search',
      attrs: { role: 'search', 'aria-label': t('history.search.label') },
      on: {
        submit: (e) => {
          e.preventDefault();
          onSearch(fields());
        },
        keydown: (e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        },
      },
    },
    [
      labelled('history.search.text', text),
      labelled('history.search.event', event),
      labelled('history.search.direction', direction),
      el('fieldset', { class: 'search-kinds' }, [el('legend', { text: t('history.search.kinds') }), ...kinds.map((k) => k.element)]),
      labelled('history.search.since', since),
      labelled('history.search.until', until),
      el('button', { class: 'primary', testid: 'history-search-go', text: t('history.search.go'), attrs: { type: 'submit' } }),
      el('button', { testid: 'history-search-close', text: t('history.search.close'), attrs: { type: 'button' }, on: { click: onClose } }),
    ],
  );
  return { element, fields, focus: () => text.focus() };
}
