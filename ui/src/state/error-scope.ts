// Which errors show where: an error of a server (an `error` update with its id) belongs to
// that server's page and its card in the sidebar; one without an id, or of a server no
// longer saved, shows on every page. A simulated participant's errors are its server's.
import { simOf } from './session-host';

/** The page (the saved server's id) an error of connection `id` belongs to. */
export function pageOf(id: string): string {
  return simOf(id)?.parent ?? id;
}

interface Scoped {
  id: string | null;
}

/** Whether an error shows while server `selected` is shown (`servers`: the ids saved). */
export function shownOn<E extends Scoped>(entry: E, selected: string | null, servers: ReadonlySet<string>): boolean {
  if (entry.id === null) return true;
  const page = pageOf(entry.id);
  return !servers.has(page) || page === selected;
}

/** The errors to show while `selected` is shown, oldest first. */
export function shownErrors<E extends Scoped>(errors: readonly E[], selected: string | null, servers: ReadonlySet<string>): E[] {
  return errors.filter((e) => shownOn(e, selected, servers));
}
