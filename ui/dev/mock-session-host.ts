// The session-host part of the pretend backend (dev/preview.html only): a tiny in-memory
// server that answers login, create_session, join_session, start and logout the way the
// reference server does, and simulated participants that log in and join by themselves.
import type { SessionHostAction } from '../src/bindings/SessionHostAction';
import type { SessionHostUpdate } from '../src/bindings/SessionHostUpdate';
import type { Update } from '../src/bindings/Update';

type Push = (...updates: Update[]) => void;

export function sessionHostMock(push: Push, later: (ms: number, f: () => void) => void) {
  const users = new Map<string, string>(); // connection id → name
  const inSession = new Map<string, string>(); // connection id → key
  const sessions = new Map<string, { host: string; members: string[]; started: boolean }>();
  const say = (id: string, update: SessionHostUpdate) => push({ type: 'session_host', id, update });
  const fail = (id: string, message: string) => say(id, { type: 'error', message });

  function join(id: string, key: string) {
    const s = sessions.get(key);
    if (!users.has(id)) return fail(id, 'join_session: log in first.');
    if (inSession.has(id)) return fail(id, 'join_session: you are already in a session.');
    if (!s) return fail(id, `join_session: no session with key ${key}.`);
    if (s.started) return fail(id, `join_session: session ${key} has already started.`);
    s.members.push(id);
    inSession.set(id, key);
    for (const m of s.members) say(m, { type: 'user_connected', name: users.get(id) as string });
  }

  function act(id: string, a: SessionHostAction) {
    switch (a.type) {
      case 'login':
        users.set(id, a.name.trim());
        return say(id, { type: 'logged_in', name: a.name.trim(), role: 'USER' });
      case 'logout':
        if (!users.has(id)) return fail(id, 'logout: you are not logged in.');
        leave(id);
        users.delete(id);
        return say(id, { type: 'logged_out' });
      case 'create_session': {
        if (!users.has(id)) return fail(id, 'create_session: log in first.');
        if (inSession.has(id)) return fail(id, 'create_session: you are already in a session.');
        const key = Array.from({ length: 6 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 32)]).join('');
        sessions.set(key, { host: id, members: [id], started: false });
        inSession.set(id, key);
        return say(id, { type: 'session_key', session_key: key });
      }
      case 'join_session':
        return join(id, a.session_key.trim());
      case 'start': {
        const s = sessions.get(a.session_key);
        if (!s) return fail(id, `proccess_check: no session with key ${a.session_key}.`);
        if (s.host !== id) return fail(id, 'proccess_check: only the host of the session can start it.');
        if (s.started) return fail(id, `proccess_check: session ${a.session_key} has already started.`);
        s.started = true;
        for (const m of s.members) say(m, { type: 'started', session_key: a.session_key });
      }
    }
  }

  /** A connection went away: a leaving host closes its session. */
  function leave(id: string) {
    const key = inSession.get(id);
    inSession.delete(id);
    const s = key === undefined ? undefined : sessions.get(key);
    if (!s || key === undefined) return;
    s.members = s.members.filter((m) => m !== id);
    if (s.host !== id) return;
    sessions.delete(key);
    for (const m of s.members) (inSession.delete(m), fail(m, 'The host left; the session is closed.'));
  }

  /** Open `count` simulated participants beside `id`; returns their connection ids. */
  function simulate(id: string, key: string, count: number, taken: (simId: string) => boolean): string[] {
    const ids: string[] = [];
    for (let n = 1; ids.length < count; n++) {
      const simId = `${id}/sim-${n}`;
      if (taken(simId) || ids.includes(simId)) continue;
      ids.push(simId);
      push({ type: 'connection', id: simId, state: 'connecting', attempt: 1 });
      later(300 + 150 * ids.length, () => {
        push({ type: 'connection', id: simId, state: 'connected' });
        act(simId, { type: 'login', name: `Simulated ${n}` });
        join(simId, key);
      });
    }
    return ids;
  }

  return { act, leave, simulate };
}
