// The Room tab of a dorm server: the room card (name, seats, blackboard, Join / Leave /
// Rejoin / Refresh), the floor plan of who is in and what they are doing, my activity
// palette (also on keys 0–9 and Escape) and the chat beside them. Parts are built once and
// updated, so typing and focus survive; "in the room for" ticks as the minutes turn.
import type { App } from '../../app';
import { el, onScreen } from '../../dom';
import { t } from '../../i18n';
import { emptyDorm, type Dorm } from '../../state/dorm';
import { emptyRequests } from '../../state/requests';
import type { State } from '../../state/store';
import { chat } from './chat';
import { errorSlot, type DormCtx, type Part } from './context';
import { floor } from './floor';
import { palette } from './palette';
import { roomCard } from './room-card';
import { drawSelected } from '../draw-selected';

function ctxOf(state: State, id: string, now: number): DormCtx {
  const conn = state.conns[id];
  const profile = state.profiles.find((p) => p.id === id) ?? null;
  const tokenProfile = profile?.options.token_profile ?? null;
  return {
    id,
    profile,
    online: conn?.state?.state === 'connected',
    // A token is set for this server, unless the keyring said it has none.
    hasToken: tokenProfile !== null && state.tokens[tokenProfile] !== false,
    dorm: conn?.dorm ?? emptyDorm(),
    requests: conn?.requests ?? emptyRequests(),
    now,
  };
}

/** Ms until someone's "in the room for" text changes (null: nobody's join time is known). */
export function nextMinuteIn(d: Dorm, now: number): number | null {
  let soonest: number | null = null;
  for (const id of d.order) {
    const joined = d.roster[id].joinTime;
    if (joined === null) continue;
    const wait = 60_000 - (((now - joined) % 60_000) + 60_000) % 60_000;
    soonest = soonest === null ? wait : Math.min(soonest, wait);
  }
  return soonest;
}

export function dormView(app: App): HTMLElement {
  const offline = el('p', { class: 'warning-box dorm-offline', text: t('dorm.offline'), attrs: { role: 'status' } });
  const general = errorSlot('general');
  const card = roomCard(app);
  const people = floor();
  const mine = palette(app);
  const talk = chat(app);
  const parts: Part[] = [general, card, people, mine, talk];

  const inRoom = el('div', { class: 'dorm-main' }, [people.element, mine.element]);
  const columns = el('div', { class: 'dorm-columns' }, [inRoom, talk.element]);
  const view = el('section', { class: 'page dorm', testid: 'dorm-view', attrs: { 'aria-label': t('dorm.heading') } }, [
    offline,
    general.element,
    card.element,
    columns,
  ]);

  // Another server: what was typed for the last one does not belong here.
  drawSelected(app, () => talk.reset(), (state, id, now) => {
    const ctx = ctxOf(state, id, now);
    const d = ctx.dorm;
    offline.hidden = ctx.online;
    // Before the first join there is nothing to show but the card; the chat stays readable after.
    columns.hidden = d.room === null && d.messages.length === 0;
    inRoom.hidden = d.presence !== 'in';
    columns.classList.toggle('solo', inRoom.hidden);
    for (const part of parts) part.update(ctx);
    const wait = d.presence === 'in' ? nextMinuteIn(d, now) : null;
    return wait === null ? null : wait + 50;
  });

  document.addEventListener('keydown', (e) => {
    if (onScreen(view)) mine.onKey(e);
  });

  return view;
}
