// The dorm-room part of the pretend backend (dev/preview.html only): one room of four,
// "Room 101", where I am alice. bob is in already (asleep), carol comes in a little after
// me without a roster update (so she is a "user 3" until Refresh), and both change what
// they are doing and chat now and then. Answers join, leave, message and set_activity the
// way the backend and the reference server do, errors included (?errors=1 adds some).
import type { DormAction } from '../src/bindings/DormAction';
import type { DormUpdate } from '../src/bindings/DormUpdate';
import type { Roommate } from '../src/bindings/Roommate';
import type { Update } from '../src/bindings/Update';

type Push = (...updates: Update[]) => void;

const ME = { user_id: '1', username: 'alice' };
const NOTICE = 'Quiet hours 23:00–07:00.\nTrash goes out on Tuesdays.\n<b>Whoever took my instant noodles: I know.</b>';
const CHATTER = [
  'Anyone seen my charger?',
  'Back in 10, getting bubble tea 🧋',
  'Lights off at 11 please\nI have an exam at 8',
  '<img src=x onerror=alert(1)> is what the spam bot wrote again',
  '谁拿了我的泡面？',
];
const CODES = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', null] as const;

interface Room {
  joined: boolean;
  carolIn: boolean;
  myJoin: number;
  actions: Record<string, string | null>;
  timers: ReturnType<typeof setInterval>[];
}

export function dormMock(push: Push, later: (ms: number, f: () => void) => void, errors: boolean) {
  const rooms = new Map<string, Room>();
  // With ?errors=1: the first join is refused, and so is the first laundry.
  let failNext = errors;
  let failWash = errors;
  let n = 0;
  const say = (id: string, update: DormUpdate) => push({ type: 'dorm', id, update });
  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

  function roster(r: Room): Roommate[] {
    const list: Roommate[] = [
      { ...ME, action: r.actions['1'] ?? undefined, join_time: r.myJoin },
      { user_id: '2', username: 'bob', action: r.actions['2'] ?? undefined, join_time: Date.now() - 65 * 60_000 - 20_000 },
    ];
    if (r.carolIn) list.push({ user_id: '3', username: 'carol', action: r.actions['3'] ?? undefined, join_time: Date.now() - 2 * 60_000 });
    return list;
  }

  function join(id: string) {
    if (failNext) {
      failNext = false;
      return later(150, () => say(id, { type: 'error', request: 'join_room', message: 'Room 101 is full (4 of 4).' }));
    }
    let r = rooms.get(id);
    if (!r) rooms.set(id, (r = { joined: false, carolIn: false, myJoin: Date.now(), actions: { '2': '05' }, timers: [] }));
    const room = r;
    if (!room.joined) {
      room.joined = true;
      room.myJoin = Date.now();
      // carol arrives a little later; the server tells nobody but her.
      later(6000, () => {
        if (!room.joined) return;
        room.carolIn = true;
        room.actions['3'] = '09';
        say(id, { type: 'activity', user_id: '3', action: '09', time: Date.now() });
      });
      room.timers.push(
        setInterval(() => {
          const who = room.carolIn && Math.random() < 0.5 ? '3' : '2';
          const code = pick(CODES);
          room.actions[who] = code;
          say(id, { type: 'activity', user_id: who, action: code ?? undefined, time: Date.now() });
        }, 9000),
        setInterval(() => say(id, { type: 'message', sender: 'roommate', text: CHATTER[n++ % CHATTER.length], time: Date.now() }), 14000),
      );
    }
    later(150, () =>
      say(id, {
        type: 'room',
        me: ME,
        room: { room_id: '1', room_name: 'Room 101', owner_id: '1', room_size: 4, count: room.carolIn ? 3 : 2, create_time: Date.UTC(2024, 2, 5, 14, 7, 9), notice: NOTICE },
        roommates: roster(room),
      }),
    );
  }

  function leave(id: string) {
    const r = rooms.get(id);
    if (!r) return;
    r.joined = false;
    r.carolIn = false;
    for (const t of r.timers) clearInterval(t);
    r.timers = [];
  }

  function act(id: string, a: DormAction) {
    const r = rooms.get(id);
    switch (a.type) {
      case 'join':
        return join(id);
      case 'leave':
        say(id, { type: 'left' });
        if (!r?.joined) return later(100, () => say(id, { type: 'error', request: 'leave_room', message: 'Not in the room: send join_room first.' }));
        return leave(id);
      case 'message':
        if (!a.text.trim()) return push({ type: 'error', id, error: { kind: 'bad_request', message: 'the message is empty' } });
        if (!r?.joined) return later(100, () => say(id, { type: 'error', request: 'message', message: 'Not in the room: send join_room first.' }));
        if (a.text.length > 1000) return later(100, () => say(id, { type: 'error', request: 'message', message: `The message is longer than 1000 characters (${a.text.length}).` }));
        return later(100, () => say(id, { type: 'message', sender: 'me', text: a.text, time: Date.now() }));
      case 'set_activity':
        if (!r?.joined) return later(100, () => say(id, { type: 'error', request: 'action', message: 'Not in the room: send join_room first.' }));
        if (a.code === '04' && failWash) return (failWash = false), later(100, () => say(id, { type: 'error', request: 'action', message: 'The washing machine is broken (try again).' }));
        r.actions['1'] = a.code ?? null;
        return later(100, () => say(id, { type: 'activity', user_id: '1', action: a.code, time: Date.now() }));
    }
  }

  return { act, leave };
}
