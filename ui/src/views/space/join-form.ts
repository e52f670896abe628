// "Join a room": the room's name and mine (the last one used is filled in), Join, and
// the server's answer to a join beside them ("Joining…", or why it was refused).
import type { App } from '../../app';
import { el, newId } from '../../dom';
import { t } from '../../i18n';
import { isAsking } from '../../state/requests';
import { errorSlot, type Part, type SpaceCtx } from './context';
import { lastName, rememberName } from './last-name';
import { refuse, sendRequest } from '../protocol-request';

export function joinForm(app: App): Part & { reset(): void } {
  let ctx: SpaceCtx | null = null;
  const input = (testid: string, placeholder: string) =>
    el('input', {
      testid,
      attrs: { type: 'text', id: newId(testid), placeholder, spellcheck: 'false', autocomplete: 'off', maxlength: 200 },
    });
  const room = input('space-join-room', t('space.join_field_room_placeholder'));
  const name = input('space-join-name', t('space.join_name_placeholder'));
  name.value = lastName();
  const submit = el('button', { class: 'primary', testid: 'space-join-submit', text: t('space.join_submit'), attrs: { type: 'submit' } });
  const joining = el('span', { class: 'muted', text: t('space.joining'), attrs: { role: 'status' } });
  const error = errorSlot('join', [room, name]);

  const join = async () => {
    if (!ctx || !ctx.online || isAsking(ctx.requests, 'join')) return;
    const id = ctx.id;
    const roomName = room.value.trim();
    const userName = name.value.trim();
    if (!roomName) return refuse(app, id, { kind: 'join', key: null }, t('space.room_required')), room.focus();
    if (!userName) return refuse(app, id, { kind: 'join', key: null }, t('space.name_required')), name.focus();
    rememberName(userName);
    // Already in it: just show it.
    if (ctx.space.rooms[roomName]?.joined) {
      app.store.apply({ type: 'ui/space_room', id, room: roomName });
      room.value = '';
      return;
    }
    const ok = await sendRequest(app, id, { type: 'request', id, protocol: 'space', action: { type: 'join', room: roomName, username: userName } });
    if (ok && room.value.trim() === roomName) room.value = '';
  };

  const field = (label: string, control: HTMLInputElement) =>
    el('div', { class: 'space-field' }, [el('label', { text: label, attrs: { for: control.id } }), control]);

  return {
    element: el(
      'form',
      { class: 'space-join', testid: 'space-join', attrs: { novalidate: true, 'aria-label': t('space.join_heading') }, on: { submit: (e) => (e.preventDefault(), void join()) } },
      [
        el('h3', { text: t('space.join_heading') }),
        field(t('space.join_field_room'), room),
        field(t('space.join_name'), name),
        el('div', { class: 'control-row' }, [submit, joining]),
        error.element,
      ],
    ),
    update(c) {
      ctx = c;
      const busy = isAsking(c.requests, 'join');
      submit.disabled = !c.online || busy;
      room.disabled = !c.online;
      name.disabled = !c.online;
      joining.hidden = !busy;
      error.update(c);
    },
    reset() {
      room.value = '';
    },
  };
}
