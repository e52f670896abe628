// The inspector pane: the selected event's details and its args as a JSON tree.
import { el, replace } from '../dom';
import { t } from '../i18n';
import type { ConsoleEvent } from '../lib/event-log';
import { clockTime, safeStringify } from '../lib/format';
import { jsonTree } from './json-tree';

export class Inspector {
  readonly element = el('section', {
    class: 'inspector',
    testid: 'inspector',
    attrs: { 'aria-label': t('inspector.heading'), tabindex: -1 },
  });
  private shown: ConsoleEvent | null = null;

  constructor() {
    this.show(null);
  }

  show(ev: ConsoleEvent | null): void {
    if (ev === this.shown && this.element.firstChild) return;
    this.shown = ev;
    if (!ev) {
      replace(this.element, [el('p', { class: 'muted inspector-empty', text: t('inspector.empty') })]);
      return;
    }
    const fact = (label: string, value: string, cls = '') =>
      [el('dt', { text: label }), el('dd', { class: cls, text: value })];
    const copy = el('button', {
      class: 'small',
      text: t('inspector.copy'),
      attrs: { type: 'button' },
      on: {
        click: () => {
          // The clipboard may be refused (no permission); the button then just does nothing.
          navigator.clipboard?.writeText(safeStringify(ev.args, 2)).then(
            () => (copy.textContent = t('inspector.copied')),
            () => undefined,
          );
        },
      },
    });
    replace(this.element, [
      el('header', { class: 'inspector-head' }, [el('h2', { class: 'inspector-title', text: ev.event }), copy]),
      el('dl', { class: 'facts' }, [
        ...fact(t('inspector.direction'), t(ev.direction === 'in' ? 'console.dir_in' : 'console.dir_out'), `dir-${ev.direction}`),
        ...fact(t('inspector.time'), clockTime(ev.time)),
        ...fact(t('inspector.namespace'), ev.namespace),
      ]),
      el('h3', { class: 'inspector-sub', text: t('inspector.args') }),
      ev.args.length
        ? el('div', { class: 'json-tree' }, ev.args.map((a, i) => jsonTree(a, t('inspector.arg', { n: i + 1 }))))
        : el('p', { class: 'muted', text: t('console.no_args') }),
    ]);
  }
}
