// Shows the notifications notifications.ts decides on, through the backend (ipc.ts
// `notify`): after each batch of updates, and by the clock when a file exchange answer
// time falls under a minute. A busy conversation is told about at most every few seconds.
import type { Input, State, Store } from './state/store';
import { notify } from './ipc';
import { deadlineNotices, nextDeadlineIn, noticesFor, type Notice, type NoticeContext } from './notifications';
import { NOTIFY_KINDS, notifyPrefs } from './settings/preferences';

const NOTHING = Object.fromEntries(NOTIFY_KINDS.map((k) => [k, false])) as NoticeContext['prefs'];

/** One notification per conversation (kind, server, title) in this long at most. */
export const QUIET_MS = 4000;

export interface NotifierDeps {
  notify(title: string, body: string, conn: string): Promise<void>;
  /** The window is not in front. */
  away(): boolean;
  prefs(): NoticeContext['prefs'];
  now(): number;
}

/** Not focused, or not shown at all (minimised, another workspace). */
export const windowAway = (): boolean => !document.hasFocus() || document.visibilityState === 'hidden';

const defaultDeps = (): NotifierDeps => ({ notify, away: windowAway, prefs: notifyPrefs, now: Date.now });

export interface Notifier {
  /** A batch of updates was applied: `before` and `after` are the store's states around it. */
  onBatch(inputs: readonly Input[], before: State, after: State): void;
  /** Stop the clock. */
  dispose(): void;
}

export function createNotifier(store: Pick<Store, 'get'>, deps: NotifierDeps = defaultDeps()): Notifier {
  const warned = new Set<string>();
  const lastSent = new Map<string, number>();
  // Not the views' `later`: redrawing the window cancels theirs, and this outlives a drawing.
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The choices are read only when something may be told (a flood of events makes many batches).
  const ctx = (): NoticeContext => (deps.away() ? { prefs: deps.prefs(), away: true } : { prefs: NOTHING, away: false });

  const send = (notices: Notice[]) => {
    const now = deps.now();
    for (const n of notices) {
      const key = `${n.kind}\n${n.conn}\n${n.title}`;
      if (now - (lastSent.get(key) ?? -Infinity) < QUIET_MS) continue;
      lastSent.set(key, now);
      // A failed notification is no one's business: the window shows the same news.
      deps.notify(n.title, n.body, n.conn).catch(() => {});
    }
  };

  const checkDeadlines = () => {
    clearTimeout(timer);
    timer = undefined;
    const s = store.get();
    const now = deps.now();
    const { notices, warn } = deadlineNotices(s, now, warned, ctx());
    for (const key of warn) warned.add(key);
    send(notices);
    const wait = nextDeadlineIn(s, now, warned);
    if (wait !== null) timer = setTimeout(checkDeadlines, wait + 50);
  };

  return {
    onBatch(inputs, before, after) {
      send(noticesFor(inputs, before, after, ctx()));
      checkDeadlines();
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}
