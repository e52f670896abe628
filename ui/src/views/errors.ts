// The error area: the newest errors and warnings as dismissable toasts, in words, naming
// the server they came from. A server's errors show only on its page (and its card in the
// sidebar, until dismissed here); errors of no server show on every page. Older ones
// collapse into "N more" with a Dismiss all button (all that this page shows).
// Toasts are kept by key, so a new error neither re-announces nor unfocuses the others.
import type { App } from '../app';
import { el, frameScheduler, setText } from '../dom';
import { errorText } from '../errors';
import { t } from '../i18n';
import { shownErrors } from '../state/error-scope';
import type { ErrorEntry } from '../state/store';
import { icon } from './icons';

const SHOWN = 4;

export function errorsView(app: App): HTMLElement {
  const area = el('div', { class: 'toasts', attrs: { role: 'region', 'aria-label': t('error.region') } });
  const toasts = new Map<number, { node: HTMLElement; text: HTMLElement }>();
  const more = el('span');
  let shownKeys: number[] = [];
  const footer = el('div', { class: 'toast-footer' }, [
    more,
    el('button', {
      class: 'small',
      text: t('error.dismiss_all'),
      attrs: { type: 'button' },
      // Only what this page shows: another server's errors wait on its own page.
      on: { click: () => app.store.apply({ type: 'ui/dismiss_error', key: shownKeys }) },
    }),
  ]);

  const toast = (entry: ErrorEntry) => {
    const text = el('p');
    const node = el('div', { class: 'toast', testid: 'error-toast', attrs: { role: 'alert', 'data-kind': entry.error.kind } }, [
      text,
      el('button', {
        class: 'icon',
        attrs: { type: 'button', 'aria-label': t('error.dismiss'), title: t('error.dismiss') },
        on: { click: () => app.store.apply({ type: 'ui/dismiss_error', key: entry.key }) },
      }, [icon('close')]),
    ]);
    return { node, text };
  };

  let last: unknown[] = [];
  const render = frameScheduler(() => {
    const { errors: all, profiles, selected } = app.store.get();
    if (all === last[0] && selected === last[1] && profiles === last[2]) return;
    last = [all, selected, profiles];
    const names = new Map(profiles.map((p) => [p.id, p.name]));
    const errors = shownErrors(all, selected, new Set(names.keys()));
    shownKeys = errors.map((e) => e.key);
    const shown = errors.slice(-SHOWN);
    const keys = new Set(shown.map((e) => e.key));
    for (const [key, tt] of toasts) if (!keys.has(key)) { tt.node.remove(); toasts.delete(key); }
    shown.forEach((entry, i) => {
      let tt = toasts.get(entry.key);
      if (!tt) toasts.set(entry.key, (tt = toast(entry)));
      const server = entry.id !== null ? names.get(entry.id) : undefined;
      const line = server ? t('error.on_server', { server, text: errorText(entry.error) }) : errorText(entry.error);
      setText(tt.text, entry.count > 1 ? t('error.repeated', { text: line, count: entry.count }) : line);
      if (area.children[i] !== tt.node) area.insertBefore(tt.node, area.children[i] ?? null);
    });
    const hidden = errors.length - shown.length;
    setText(more, hidden > 0 ? t('error.more', { count: hidden }) : '');
    if (errors.length <= 1) footer.remove();
    else if (area.lastChild !== footer) area.appendChild(footer);
  });
  app.store.subscribe(render);
  render();
  return area;
}
