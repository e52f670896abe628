// The Space tab of a server that speaks it: my rooms and the join form on the left, the
// room in view in the middle (its chat, my files on their way, the composer) and its
// people on the right. Files dropped on the window go to the room in view while this tab
// is on screen. Parts are built once and updated, so typing and focus survive.
import type { App } from '../../app';
import type { ChatEntry } from '../../bindings/ChatEntry';
import { el, onScreen, setText } from '../../dom';
import { t } from '../../i18n';
import { emptySpace } from '../../state/space';
import { emptyRequests } from '../../state/requests';
import type { State } from '../../state/store';
import { registerDropTarget } from '../files/drop-zone';
import { ChatList } from './chat-list';
import { composer } from './composer';
import { canWrite, errorSlot, type Part, type SpaceCtx } from './context';
import { joinForm } from './join-form';
import { outbox } from './outbox';
import { sendRequest } from '../protocol-request';
import { sendFiles } from './send-files';
import { roomList } from './room-list';
import { userList } from './user-list';
import { drawSelected } from '../draw-selected';

function ctxOf(state: State, id: string, now: number): SpaceCtx {
  const conn = state.conns[id];
  const space = conn?.space ?? emptySpace();
  return {
    id,
    online: conn?.state?.state === 'connected',
    space,
    requests: conn?.requests ?? emptyRequests(),
    room: space.current === null ? null : (space.rooms[space.current] ?? null),
    files: state.files,
    now,
  };
}

/** The room's heading: its name, who I am in it, and whether I am in it now. */
function roomHead(): Part {
  const name = el('h3', { class: 'space-room-title one-line', testid: 'space-room-title' });
  const me = el('span', { class: 'hint space-me' });
  const notIn = el('p', { class: 'warning-box space-not-in-room', text: t('space.not_in_room') });
  return {
    element: el('header', { class: 'space-room-head' }, [el('div', { class: 'space-room-name-row' }, [name, me]), notIn]),
    update(c) {
      const r = c.room;
      setText(name, r?.name ?? '');
      name.title = r?.name ?? '';
      setText(me, r?.me && r.joined ? t('space.you_are', { name: r.me }) : '');
      notIn.hidden = !r || r.joined;
    },
  };
}

export function spaceView(app: App): HTMLElement {
  let ctx: SpaceCtx | null = null;
  const offline = el('p', { class: 'warning-box space-offline', text: t('space.offline'), attrs: { role: 'status' } });
  const general = errorSlot('general');
  const rooms = roomList(app);
  const join = joinForm(app);
  const head = roomHead();
  const files = outbox(app);
  const write = composer(app);
  const people = userList(app);
  const retry = (entry: ChatEntry) => {
    if (ctx) void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'space', action: { type: 'retry', key: entry.key } }, { kind: 'retry', key: entry.room });
  };
  const chat = new ChatList(app, retry);
  const parts: Part[] = [general, rooms, join, head, files, write, people];

  const noRoom = el('p', { class: 'placeholder space-no-room', text: t('space.no_room') });
  const roomPane = el('section', { class: 'space-room', testid: 'space-room' }, [head.element, chat.element, files.element, write.element]);
  const view = el('section', { class: 'space', testid: 'space-view', attrs: { 'aria-label': t('space.heading') } }, [
    offline,
    general.element,
    el('div', { class: 'space-columns' }, [
      el('aside', { class: 'space-side', attrs: { 'aria-label': t('space.rooms') } }, [rooms.element, join.element]),
      el('div', { class: 'space-middle' }, [roomPane, noRoom]),
      people.element,
    ]),
  ]);

  const switched = () => {
    // Another server: its own rooms; a room name typed for the last one does not belong here.
    join.reset();
    rooms.reset();
  };
  drawSelected(app, switched, (state, id, now) => {
    const c = ctxOf(state, id, now);
    ctx = c;
    offline.hidden = c.online;
    roomPane.hidden = c.room === null;
    noRoom.hidden = c.room !== null;
    for (const part of parts) part.update(c);
    chat.show(c.room ? { key: `${id}\u0000${c.room.name}`, room: c.room.name, entries: c.room.entries, files: c.files, now: c.now } : null);
  });

  // Dropped files go to the room in view, while this tab is on screen (no dialog over it)
  // and can write there.
  const takesFiles = () => onScreen(view) && document.querySelector('dialog[open]') === null;
  registerDropTarget({
    label: () => (ctx && ctx.room && canWrite(ctx) && takesFiles() ? ctx.room.name : null),
    drop: (paths) => {
      if (ctx && ctx.room && canWrite(ctx)) void sendFiles(app, ctx.id, ctx.room.name, paths);
    },
  });

  return view;
}
