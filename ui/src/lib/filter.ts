// The console's filter (event name) and search (anywhere in the args' JSON), as pure
// functions over the event log. Both ignore case.
import { eventBySeq, firstSeq, type ConsoleEvent, type EventLog } from './event-log';
import { searchText } from './format';

export interface Filter {
  name: string;
  text: string;
}

export const NO_FILTER: Filter = { name: '', text: '' };

export function isActive(f: Filter): boolean {
  return f.name.trim() !== '' || f.text.trim() !== '';
}

export function matches(ev: ConsoleEvent, f: Filter): boolean {
  const name = f.name.trim().toLowerCase();
  if (name && !ev.event.toLowerCase().includes(name)) return false;
  const text = f.text.trim().toLowerCase();
  if (text && !searchText(ev.args).includes(text)) return false;
  return true;
}

/** Seqs of the events in [fromSeq, toSeq] (clamped to the log) that match. */
export function filterSeqs(log: EventLog, f: Filter, fromSeq: number, toSeq: number): number[] {
  const out: number[] = [];
  const lo = Math.max(fromSeq, firstSeq(log));
  const hi = Math.min(toSeq, log.nextSeq - 1);
  for (let seq = lo; seq <= hi; seq++) {
    const ev = eventBySeq(log, seq);
    if (ev && matches(ev, f)) out.push(seq);
  }
  return out;
}
