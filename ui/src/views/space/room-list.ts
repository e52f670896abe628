// The rooms on the left: each one I joined (or left, still readable) with its unread
// count while another is in view; choosing one shows it. Leave for a room I am in; Join
// again and Remove for one I am not. The server's refusal of a leave shows under the list.
import type { App } from '../../app';
import { el, setText } from '../../dom';
import { t, tn } from '../../i18n';
import { isAsking } from '../../state/requests';
import type { Room } from '../../state/space';
import { icon } from '../icons';
import { errorSlot, type Part, type SpaceCtx } from './context';
import { lastName } from './last-name';
import { sendRequest } from '../protocol-request';

interface Item {
  element: HTMLLIElement;
  update(r: Room, c: SpaceCtx): void;
}

function roomItem(app: App, name: string, ctx: () => SpaceCtx | null): Item {
  const label = el('span', { class: 'space-room-name one-line', text: name });
  // Seen as a muted name beside "Join again"; said in words to screen readers.
  const notIn = el('span', { class: 'visually-hidden', text: t('space.not_in') });
  // The count as a badge to see, and in words for screen readers.
  const badge = el('span', { class: 'space-unread', testid: 'space-unread', attrs: { 'aria-hidden': 'true' } });
  const unreadWords = el('span', { class: 'visually-hidden' });
  const open = el(
    'button',
    {
      class: 'space-room-open',
      attrs: { type: 'button', title: name },
      on: { click: () => { const c = ctx(); if (c) app.store.apply({ type: 'ui/space_room', id: c.id, room: name }); } },
    },
    [label, notIn, badge, unreadWords],
  );
  const act = (f: (c: SpaceCtx) => void) => () => {
    const c = ctx();
    if (c) f(c);
  };
  const leave = el('button', {
    class: 'small',
    testid: 'space-leave',
    text: t('space.leave'),
    attrs: { type: 'button', 'aria-label': t('space.leave_named', { room: name }) },
    on: { click: act((c) => void sendRequest(app, c.id, { type: 'request', id: c.id, protocol: 'space', action: { type: 'leave', room: name } })) },
  });
  const rejoin = el('button', {
    class: 'small',
    testid: 'space-rejoin',
    text: t('space.rejoin'),
    attrs: { type: 'button', 'aria-label': t('space.rejoin_named', { room: name }) },
    on: {
      click: act((c) => {
        const username = c.space.rooms[name]?.me ?? lastName();
        void sendRequest(app, c.id, { type: 'request', id: c.id, protocol: 'space', action: { type: 'join', room: name, username } });
      }),
    },
  });
  const forget = el(
    'button',
    {
      class: 'icon',
      testid: 'space-forget',
      attrs: { type: 'button', 'aria-label': t('space.forget_named', { room: name }), title: t('space.forget_named', { room: name }) },
      on: { click: act((c) => app.store.apply({ type: 'ui/space_forget', id: c.id, room: name })) },
    },
    [icon('close')],
  );
  const element = el('li', { class: 'space-room-item', testid: 'space-room-item', attrs: { 'data-room': name } }, [
    open,
    el('span', { class: 'space-room-actions' }, [leave, rejoin, forget]),
  ]);
  return {
    element,
    update(r, c) {
      const current = c.space.current === name;
      element.classList.toggle('current', current);
      element.dataset.joined = String(r.joined);
      if (current) open.setAttribute('aria-current', 'true');
      else open.removeAttribute('aria-current');
      notIn.hidden = r.joined;
      badge.hidden = r.unread === 0;
      setText(badge, r.unread > 999 ? '999+' : String(r.unread));
      badge.title = tn('space.unread', r.unread);
      setText(unreadWords, r.unread === 0 ? '' : tn('space.unread', r.unread));
      leave.hidden = !r.joined;
      leave.disabled = !c.online || isAsking(c.requests, 'leave', name);
      rejoin.hidden = r.joined;
      rejoin.disabled = !c.online || isAsking(c.requests, 'join', name);
      forget.hidden = r.joined;
    },
  };
}

export function roomList(app: App): Part & { reset(): void } {
  let ctx: SpaceCtx | null = null;
  const items = new Map<string, Item>();
  const list = el('ul', { class: 'space-room-list', attrs: { 'aria-label': t('space.rooms_label') } });
  const empty = el('p', { class: 'muted space-rooms-empty', text: t('space.rooms_empty') });
  const welcome = el('p', { class: 'hint space-welcome', testid: 'space-welcome' });
  const error = errorSlot('leave');

  return {
    element: el('div', { class: 'space-rooms' }, [el('h3', { text: t('space.rooms') }), welcome, list, empty, error.element]),
    update(c) {
      ctx = c;
      const s = c.space;
      // Same rooms in the same order: update in place, so focus stays on its button.
      for (const [name, item] of items) {
        if (!(name in s.rooms)) { item.element.remove(); items.delete(name); }
      }
      s.order.forEach((name, i) => {
        let item = items.get(name);
        if (!item) items.set(name, (item = roomItem(app, name, () => ctx)));
        if (list.children[i] !== item.element) list.insertBefore(item.element, list.children[i] ?? null);
        item.update(s.rooms[name], c);
      });
      empty.hidden = s.order.length > 0;
      list.hidden = s.order.length === 0;
      setText(welcome, s.welcome ? t('space.welcome', { message: s.welcome }) : '');
      welcome.hidden = !s.welcome;
      error.update(c);
    },
    reset() {
      for (const item of items.values()) item.element.remove();
      items.clear();
    },
  };
}
