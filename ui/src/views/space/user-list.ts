// Who is in the room in view, kept current from joins and leaves, with Refresh to ask
// the server again (a list_users request); me marked "you".
import type { App } from '../../app';
import { el, replace, setText } from '../../dom';
import { t, tn } from '../../i18n';
import type { SpaceUser } from '../../bindings/SpaceUser';
import { isAsking } from '../../state/requests';
import { icon } from '../icons';
import { errorSlot, type Part, type SpaceCtx } from './context';
import { sendRequest } from '../protocol-request';

function userItem(u: SpaceUser, me: string | null): HTMLLIElement {
  const mine = me !== null && u.username === me;
  return el('li', { class: `space-user${mine ? ' me' : ''}`, testid: 'space-user', attrs: { 'data-username': u.username } }, [
    el('span', { class: 'space-user-dot', attrs: { 'aria-hidden': 'true' } }),
    el('span', { class: 'space-user-name one-line', text: u.username || t('space.someone'), attrs: { title: u.username } }),
    mine ? el('span', { class: 'tag', text: t('space.you') }) : null,
  ]);
}

export function userList(app: App): Part {
  let ctx: SpaceCtx | null = null;
  let drawn: { users: SpaceUser[]; me: string | null } | null = null;
  const count = el('span', { class: 'hint space-users-count' });
  const list = el('ul', { class: 'space-user-list' });
  const empty = el('p', { class: 'muted', text: t('space.users_empty') });
  const refresh = el(
    'button',
    {
      class: 'small',
      testid: 'space-users-refresh',
      attrs: { type: 'button', title: t('space.users_refresh_hint') },
      on: {
        click: () => {
          const room = ctx?.room;
          if (ctx && room) void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'space', action: { type: 'list_users', room: room.name } });
        },
      },
    },
    [icon('refresh'), el('span', { text: t('space.users_refresh') })],
  );
  const error = errorSlot('list_users', [refresh], true);
  const element = el('aside', { class: 'space-users', testid: 'space-users' }, [
    el('div', { class: 'space-users-head' }, [el('h3', { text: t('space.users') }), count, el('span', { class: 'spacer' }), refresh]),
    list,
    empty,
    error.element,
  ]);

  return {
    element,
    update(c) {
      ctx = c;
      const room = c.room;
      element.hidden = room === null;
      if (!room) return;
      element.setAttribute('aria-label', t('space.users_label', { room: room.name }));
      list.setAttribute('aria-label', t('space.users_label', { room: room.name }));
      if (drawn?.users !== room.users || drawn.me !== room.me) {
        drawn = { users: room.users, me: room.me };
        replace(list, room.users.map((u) => userItem(u, room.me)));
      }
      setText(count, tn('space.users_count', room.users.length));
      empty.hidden = room.users.length > 0;
      refresh.disabled = !c.online || !room.joined || isAsking(c.requests, 'list_users', room.name);
      error.update(c);
    },
  };
}
