// The top of the main area: which server is shown and its state (a certificate waiting
// for a decision is the certificate panel's to say, right below).
import type { App } from '../app';
import { el, frameScheduler, later, setText } from '../dom';
import { t } from '../i18n';
import { connText, since, stateTone } from './conn-state';

export function mainHeader(app: App): HTMLElement {
  const dot = el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } });
  const name = el('h2', { class: 'main-title' });
  const url = el('span', { class: 'main-url muted one-line' });
  const state = el('span', { class: 'main-state one-line' });
  const header = el('header', { class: 'main-head' }, [dot, name, state, url]);

  let tick: (() => void) | undefined;
  const render = frameScheduler(() => {
    const s = app.store.get();
    const p = s.profiles.find((x) => x.id === s.selected);
    const conn = p ? s.conns[p.id] : undefined;
    const cs = conn?.state ?? null;
    setText(name, p?.name ?? t('app.title'));
    setText(url, p?.options.url ?? '');
    setText(state, p ? connText(cs, !!conn?.cert, since(cs, Date.now())) : '');
    // A long reason is cut off here; the whole of it shows on hover.
    state.title = state.textContent ?? '';
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
