// The top of the main area: which server is shown and its state.
import type { App } from '../app';
import { el, frameScheduler, later, setText } from '../dom';
import { t } from '../i18n';
import { since, stateText, stateTone } from './conn-state';

export function mainHeader(app: App): HTMLElement {
  const dot = el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } });
  const name = el('h2', { class: 'main-title' });
  const url = el('span', { class: 'main-url muted one-line' });
  const state = el('span', { class: 'main-state' });
  const header = el('header', { class: 'main-head' }, [dot, name, state, url]);

  let tick: (() => void) | undefined;
  const render = frameScheduler(() => {
    const s = app.store.get();
    const p = s.profiles.find((x) => x.id === s.selected);
    const cs = (p && s.conns[p.id]?.state) || null;
    setText(name, p?.name ?? t('app.title'));
    setText(url, p?.options.url ?? '');
    setText(state, p ? stateText(cs, since(cs, Date.now())) : '');
    dot.dataset.tone = stateTone(cs);
    dot.hidden = !p;
    // While a reconnect delay counts down, refresh its seconds.
    tick?.();
    if (cs?.state === 'reconnecting') tick = later(render, 250);
  });
  app.store.subscribe(render);
  render();
  return header;
}
