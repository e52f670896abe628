// One row of the event list: time, direction, namespace, event name, args preview.
// Rows are recycled as the list scrolls, so `fillRow` rewrites every field.
import { el, setText } from '../dom';
import { t } from '../i18n';
import type { ConsoleEvent } from '../lib/event-log';
import { clockTime, previewArgs } from '../lib/format';

export const ROW_HEIGHT = 26;

export function createRow(): HTMLElement {
  return el('div', { class: 'console-row', testid: 'console-row', attrs: { role: 'option' } }, [
    el('span', { class: 'cell-time' }),
    el('span', { class: 'cell-dir' }),
    el('span', { class: 'cell-ns' }),
    el('span', { class: 'cell-event' }),
    el('span', { class: 'cell-preview' }),
  ]);
}

export function fillRow(row: HTMLElement, ev: ConsoleEvent, index: number, selected: boolean): void {
  row.dataset.event = ev.event;
  row.dataset.direction = ev.direction;
  row.dataset.seq = String(ev.seq);
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
  setText(preview, ev.args.length ? previewArgs(ev.args) : t('console.no_args'));
}

export function renderRow(ev: ConsoleEvent, index = 0, selected = false): HTMLElement {
  const row = createRow();
  fillRow(row, ev, index, selected);
  return row;
}
