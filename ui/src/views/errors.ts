// The error area: the newest errors as dismissable toasts, in words, naming the server
// they came from. Older ones collapse into "N more" with a Dismiss all button.
import type { App } from '../app';
import { el, frameScheduler, replace } from '../dom';
import { errorText } from '../errors';
import { t } from '../i18n';
import { icon } from './icons';

const SHOWN = 4;

export function errorsView(app: App): HTMLElement {
  const area = el('div', { class: 'toasts', attrs: { role: 'region', 'aria-label': t('error.region') } });
  let last: unknown = null;

  const render = frameScheduler(() => {
    const { errors, profiles } = app.store.get();
    if (errors === last) return;
    last = errors;
    const names = new Map(profiles.map((p) => [p.id, p.name]));
    const toasts = errors.slice(-SHOWN).map((entry) => {
      const text = errorText(entry.error);
      const server = entry.id !== null ? names.get(entry.id) : undefined;
      return el('div', { class: 'toast', testid: 'error-toast', attrs: { role: 'alert', 'data-kind': entry.error.kind } }, [
        el('p', { text: server ? t('error.on_server', { server, text }) : text }),
        el('button', {
          class: 'icon',
          attrs: { type: 'button', 'aria-label': t('error.dismiss'), title: t('error.dismiss') },
          on: { click: () => app.store.apply({ type: 'ui/dismiss_error', key: entry.key }) },
        }, [icon('close')]),
      ]);
    });
    const hidden = errors.length - toasts.length;
    const footer =
      errors.length > 1
        ? el('div', { class: 'toast-footer' }, [
            hidden > 0 ? el('span', { text: t('error.more', { count: hidden }) }) : null,
            el('button', {
              class: 'small',
              text: t('error.dismiss_all'),
              attrs: { type: 'button' },
              on: { click: () => app.store.apply({ type: 'ui/dismiss_error', key: 'all' }) },
            }),
          ])
        : null;
    replace(area, [...toasts, footer]);
  });
  app.store.subscribe(render);
  render();
  return area;
}
