// Simulated participants (the seed's "placeholder users from one device"): extra
// connections from this app that log in and join the session by themselves. The host adds
// 1–16 at a time; each is listed with its connection state and a Remove button.
import type { App } from '../../app';
import { el, newId, setText } from '../../dom';
import { t } from '../../i18n';
import type { SimParticipant } from '../../state/session-host';
import { stateText, stateTone } from '../conn-state';
import { errorSlot, type Part, type SessionCtx } from './context';
import { refuse, sendRequest } from '../protocol-request';

export const SIM_MAX = 16;

interface SimRow {
  element: HTMLLIElement;
  update(p: SimParticipant): void;
}

function simRow(app: App, id: string): SimRow {
  const dot = el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } });
  const name = el('span', { class: 'sh-sim-name' });
  const state = el('span', { class: 'muted sh-sim-state' });
  const error = el('span', { class: 'sh-sim-error' });
  const remove = el('button', {
    class: 'small',
    testid: 'sh-sim-remove',
    text: t('session.sim_remove'),
    attrs: { type: 'button' },
    on: {
      click: async () => {
        remove.disabled = true;
        const err = await app.send({ type: 'disconnect', id });
        // Gone already, or closed now: either way it leaves the list.
        if (!err || err.kind === 'unknown_connection') app.store.apply({ type: 'ui/sim_removed', id });
        else remove.disabled = false;
      },
    },
  });
  const element = el('li', { class: 'sh-sim', testid: 'sh-sim', attrs: { 'data-id': id } }, [
    dot,
    name,
    el('span', { class: 'tag sh-sim-tag', text: t('session.simulated') }),
    state,
    error,
    el('span', { class: 'spacer' }),
    remove,
  ]);
  return {
    element,
    update(p) {
      setText(name, p.name);
      setText(state, stateText(p.state));
      setText(error, p.error ?? '');
      error.hidden = !p.error;
      dot.dataset.tone = stateTone(p.state);
      element.dataset.state = p.state?.state ?? 'idle';
      remove.setAttribute('aria-label', t('session.sim_remove_named', { name: p.name }));
    },
  };
}

export function simulated(app: App): Part {
  let ctx: SessionCtx | null = null;
  const rows = new Map<string, SimRow>();

  const count = el('input', {
    class: 'sh-sim-count',
    testid: 'sh-sim-count',
    attrs: { id: newId('sh-sim-count'), type: 'number', min: 1, max: SIM_MAX, step: 1, value: 1 },
  });
  const add = el('button', { testid: 'sh-sim-add', text: t('session.sims_add'), attrs: { type: 'submit' } });
  const addError = errorSlot('simulate', count);
  const list = el('ul', { class: 'sh-sims', attrs: { 'aria-label': t('session.sims_heading') } });

  const form = el(
    'form',
    {
      class: 'control-row',
      attrs: { novalidate: true },
      on: {
        submit: (e) => {
          e.preventDefault();
          if (!ctx || !ctx.online || !ctx.session.sessionKey) return;
          const n = Number(count.value);
          if (!Number.isInteger(n) || n < 1 || n > SIM_MAX) {
            refuse(app, ctx.id, { kind: 'simulate', key: null }, t('session.sims_count_invalid'));
            return count.focus();
          }
          void sendRequest(app, ctx.id, { type: 'simulate_participants', id: ctx.id, session_key: ctx.session.sessionKey, count: n }, { kind: 'simulate', key: null });
        },
      },
    },
    [el('label', { text: t('session.sims_count'), attrs: { for: count.id } }), count, add],
  );

  return {
    element: el('section', { class: 'card', attrs: { 'aria-label': t('session.sims_heading') } }, [
      el('h3', { text: t('session.sims_heading') }),
      el('p', { class: 'hint', text: t('session.sims_hint') }),
      form,
      addError.element,
      list,
    ]),
    update(c) {
      ctx = c;
      add.disabled = !c.online;
      addError.update(c);
      const sims = c.session.sims;
      sims.forEach((p, i) => {
        let row = rows.get(p.id);
        if (!row) rows.set(p.id, (row = simRow(app, p.id)));
        row.update(p);
        if (list.children[i] !== row.element) list.insertBefore(row.element, list.children[i] ?? null);
      });
      const keep = new Set(sims.map((p) => p.id));
      for (const [id, row] of rows) if (!keep.has(id)) { row.element.remove(); rows.delete(id); }
    },
  };
}
