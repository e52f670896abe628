// The Session tab of a session-host server: log in, then host (create a session, share
// its key, watch members arrive, add simulated participants, start) or join by key and
// wait for the host. Parts are built once and updated, so typing and focus survive.
import type { App } from '../../app';
import { el } from '../../dom';
import { t } from '../../i18n';
import { emptyRequests } from '../../state/requests';
import { emptySession } from '../../state/session-host';
import { account } from './account';
import { errorSlot, sessionCtx, type Part } from './context';
import { keyCard } from './key-card';
import { members } from './members';
import { paths } from './paths';
import { runningPill } from './running';
import { simulated } from './simulated';
import { startPart } from './start';
import { drawSelected } from '../draw-selected';

export function sessionView(app: App): HTMLElement {
  const offline = el('p', { class: 'warning-box sh-offline', text: t('session.offline'), attrs: { role: 'status' } });
  const general = errorSlot('general');
  const who = account(app);
  const ways = paths(app);
  const card = keyCard();
  const start = startPart(app);
  const running = runningPill();
  const people = members();
  const sims = simulated(app);
  const parts: Part[] = [general, who, ways, running, card, start, people, sims];

  const inSession = el('div', { class: 'sh-session' }, [
    running.element,
    card.element,
    start.element,
    el('div', { class: 'sh-columns' }, [people.element, sims.element]),
  ]);

  const switched = () => {
    // Another server: what was typed for the last one does not belong here.
    who.reset();
    ways.reset();
  };
  drawSelected(app, switched, (state, id) => {
    const conn = state.conns[id];
    const ctx = sessionCtx(id, conn?.state ?? null, conn?.session ?? emptySession(), conn?.requests ?? emptyRequests());
    offline.hidden = ctx.online;
    ways.element.hidden = ctx.phase !== 'lobby';
    inSession.hidden = ctx.phase !== 'host' && ctx.phase !== 'client';
    sims.element.hidden = ctx.phase !== 'host';
    for (const part of parts) part.update(ctx);
  });

  return el('section', { class: 'page session', testid: 'session-view', attrs: { 'aria-label': t('session.heading') } }, [
    offline,
    general.element,
    who.element,
    ways.element,
    inSession,
  ]);
}
