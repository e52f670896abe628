// The quick server picker (Ctrl+K): a small dialog with a filter and the servers that
// match it. Arrow keys move the choice, Enter shows the chosen server, a click does too,
// Escape closes. Focus stays in the filter; the list follows it with aria-activedescendant.
import type { App } from '../app';
import type { Profile } from '../bindings/Profile';
import { el, newId, replace } from '../dom';
import { t } from '../i18n';
import { pickServers } from '../lib/picker-filter';
import { keysText, onMac } from '../lib/shortcuts';
import { connText, stateTone } from './conn-state';
import { closeDialog, openDialog } from './dialog';

export function openServerPicker(app: App): HTMLDialogElement {
  const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const heading = el('h2', { text: t('picker.title'), attrs: { id: newId('picker-title') } });
  const list = el('ul', { class: 'picker-list', testid: 'picker-list', attrs: { id: newId('picker-list'), role: 'listbox', 'aria-label': t('picker.title') } });
  const input = el('input', {
    class: 'picker-filter',
    testid: 'picker-filter',
    attrs: {
      type: 'search',
      role: 'combobox',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-expanded': 'true',
      'aria-autocomplete': 'list',
      'aria-controls': list.id,
      'aria-label': t('picker.filter'),
      placeholder: t('picker.filter'),
    },
  });
  const empty = el('p', { class: 'muted picker-empty', testid: 'picker-empty', text: t('picker.empty') });
  const hint = el('p', { class: 'hint picker-hint', text: t('picker.hint') });
  let shown: Profile[] = [];
  let active = 0;

  const pick = (p: Profile | undefined) => {
    if (!p) return;
    app.store.apply({ type: 'ui/select', id: p.id });
    closeDialog(dialog);
  };

  const option = (p: Profile, i: number) => {
    const state = app.store.get().conns[p.id]?.state ?? null;
    // Its place in the sidebar, for Ctrl+1…9.
    const place = app.store.get().profiles.indexOf(p) + 1;
    const dot = el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } });
    dot.dataset.tone = stateTone(state);
    return el(
      'li',
      {
        class: 'picker-option',
        testid: 'picker-option',
        attrs: { id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': p.id },
        on: { click: () => pick(p), mousemove: () => i !== active && move(i) },
      },
      [
        dot,
        el('span', { class: 'picker-text' }, [
          el('span', { class: 'picker-name one-line', text: p.name }),
          el('span', { class: 'picker-url one-line', text: `${p.options.url} · ${connText(state, !!app.store.get().conns[p.id]?.cert)}` }),
        ]),
        place >= 1 && place <= 9 ? el('kbd', { class: 'picker-keys', text: keysText({ kind: 'select', n: place }, onMac()), attrs: { 'aria-hidden': 'true' } }) : null,
      ],
    );
  };

  /** Mark the chosen option (in place: a redrawn list under the pointer would lose its click). */
  const move = (to: number) => {
    active = to;
    Array.from(list.children).forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const current = list.children[active];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView?.({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const filter = () => {
    shown = pickServers(app.store.get().profiles, input.value);
    replace(list, shown.map(option));
    empty.hidden = shown.length > 0;
    list.hidden = shown.length === 0;
    move(0);
  };

  input.addEventListener('input', filter);
  input.addEventListener('keydown', (e) => {
    const last = shown.length - 1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (last < 0) return;
      move(e.key === 'ArrowDown' ? (active >= last ? 0 : active + 1) : active <= 0 ? last : active - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(shown[active]);
    } else if (e.key === 'Escape') {
      // The native dialog cancels on Escape too; where there is none (tests), this closes it.
      e.preventDefault();
      closeDialog(dialog);
    }
  });

  const dialog = openDialog('picker-dialog', [heading, el('div', { class: 'picker-body' }, [input, list, empty, hint])], () => {
    if (back?.isConnected) back.focus();
  });
  dialog.dataset.testid = 'server-picker';
  dialog.setAttribute('aria-labelledby', heading.id);
  filter();
  input.focus();
  return dialog;
}
