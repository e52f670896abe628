// The room card: the room's name, its seats taken and free (as words and small chairs),
// when it was created, its blackboard (plain text, line breaks kept), and the buttons to
// Join, Leave, Rejoin and Refresh, with their errors beside them.
import type { App } from '../../app';
import { el, replace, setText } from '../../dom';
import { t, tn } from '../../i18n';
import { occupancy } from '../../state/dorm';
import { isAsking } from '../../state/requests';
import { localDateTime } from '../../lib/format';
import { openServerForm } from '../server-form';
import { errorSlot, type DormCtx, type Part } from './context';
import { seatIcon } from './icons';
import { sendRequest } from '../protocol-request';

/** More chairs than this are only counted in words. */
const GLYPHS_MAX = 12;

export function roomCard(app: App): Part {
  let ctx: DormCtx | null = null;
  const send = (type: 'join' | 'leave') => {
    if (ctx?.online) void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'dorm', action: { type } });
  };

  const name = el('h3', { class: 'dorm-room-name', testid: 'dorm-room-name' });
  const glyphs = el('span', { class: 'dorm-seat-glyphs', attrs: { 'aria-hidden': 'true' } });
  const seatText = el('span');
  const seats = el('p', { class: 'dorm-seats', testid: 'dorm-seats' }, [glyphs, seatText]);
  const created = el('p', { class: 'hint dorm-created', testid: 'dorm-created' });

  const button = (testid: string, label: string, cls: string, onClick: () => void, title?: string) =>
    el('button', { class: cls, testid, text: label, attrs: { type: 'button', title }, on: { click: onClick } });
  const join = button('dorm-join', t('dorm.join'), 'primary', () => send('join'));
  const rejoin = button('dorm-rejoin', t('dorm.rejoin'), 'primary', () => send('join'));
  const refresh = button('dorm-refresh', t('dorm.refresh'), '', () => send('join'), t('dorm.refresh_hint'));
  const leave = button('dorm-leave', t('dorm.leave'), '', () => send('leave'));
  const joining = el('span', { class: 'muted dorm-joining', text: t('dorm.joining'), attrs: { role: 'status' } });
  const joinError = errorSlot('join', [join, rejoin, refresh]);
  const leaveError = errorSlot('leave', [leave]);

  const status = el('p', { class: 'dorm-status', attrs: { role: 'status' } });
  const settings = el('button', {
    class: 'small',
    text: t('dorm.edit_server'),
    attrs: { type: 'button' },
    on: { click: () => ctx?.profile && openServerForm(app, ctx.profile) },
  });
  const noToken = el('p', { class: 'warning-box dorm-no-token', testid: 'dorm-no-token' }, [el('span', { text: t('dorm.no_token') }), settings]);

  const notice = el('p', { class: 'dorm-notice', testid: 'dorm-notice' });
  const noticeEmpty = el('p', { class: 'dorm-notice-empty', text: t('dorm.notice_empty') });
  const board = el('figure', { class: 'dorm-board' }, [
    el('figcaption', { class: 'dorm-board-label', text: t('dorm.notice') }),
    notice,
    noticeEmpty,
  ]);

  let drawn = '';
  const drawSeats = (taken: number, size: number) => {
    const key = `${taken}/${size}`;
    if (key === drawn) return;
    drawn = key;
    const n = Math.min(Math.max(size, taken), GLYPHS_MAX);
    replace(glyphs, Array.from({ length: n }, (_, i) => seatIcon(i < taken)));
    setText(seatText, tn('dorm.seats', size, { taken }));
  };

  const title = el('div', { class: 'dorm-title' }, [name, seats, created]);
  return {
    element: el('section', { class: 'card dorm-card', attrs: { 'aria-label': t('dorm.heading') } }, [
      el('div', { class: 'dorm-card-head' }, [
        title,
        el('div', { class: 'control-row' }, [joining, join, rejoin, refresh, leave]),
      ]),
      joinError.element,
      leaveError.element,
      status,
      noToken,
      board,
    ]),
    update(c) {
      ctx = c;
      const d = c.dorm;
      const room = d.room;
      const isIn = d.presence === 'in';
      const busy = isAsking(c.requests, 'join');
      const canAsk = c.online && c.hasToken;

      setText(name, room ? room.room_name || t('dorm.room_unnamed', { id: room.room_id }) : t('dorm.heading'));
      seats.hidden = !room || !isIn;
      if (room && isIn) {
        const { taken, size } = occupancy(d);
        drawSeats(taken, size);
      }
      created.hidden = room?.create_time === undefined;
      setText(created, room?.create_time !== undefined ? t('dorm.created', { time: localDateTime(room.create_time) }) : '');

      join.hidden = d.presence !== 'out';
      rejoin.hidden = d.presence !== 'left';
      refresh.hidden = !isIn;
      leave.hidden = !isIn;
      for (const b of [join, rejoin, refresh]) b.disabled = !canAsk || busy;
      leave.disabled = !c.online;
      joining.hidden = !busy;

      const words = d.presence === 'out' ? t('dorm.not_joined') : d.presence === 'left' ? t('dorm.left') : '';
      setText(status, words);
      status.hidden = words === '';
      noToken.hidden = c.hasToken || c.profile === null;

      board.hidden = !room || !isIn;
      setText(notice, room?.notice ?? '');
      notice.hidden = !room?.notice;
      noticeEmpty.hidden = !!room?.notice;

      joinError.update(c);
      leaveError.update(c);
    },
  };
}
