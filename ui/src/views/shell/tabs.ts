// Accessible tabs: role=tablist with one tab button per panel, the selected tab alone in
// the Tab order, arrow keys (and Home/End) moving between tabs and showing their panel.
// Tabs can be taken off offer (hidden) when the shown server has no use for them.
import { el, newId } from '../../dom';

export interface TabSpec<K extends string> {
  key: K;
  label: string;
  testid: string;
  panel: HTMLElement;
}

export interface Tabs<K extends string> {
  /** The tab list (the panels stay where the caller puts them). */
  element: HTMLElement;
  select(key: K): void;
  selected(): K;
  /** Show only these tabs (a server offers the views of its protocol); the others are hidden. */
  setAvailable(keys: K[]): void;
}

export function tabs<K extends string>(label: string, specs: TabSpec<K>[], onSelect: (key: K) => void): Tabs<K> {
  let current = specs[0].key;
  const buttons = specs.map((spec) => {
    const tabId = newId('tab');
    spec.panel.id ||= newId('panel');
    spec.panel.setAttribute('role', 'tabpanel');
    spec.panel.setAttribute('aria-labelledby', tabId);
    return el('button', {
      class: 'tab',
      testid: spec.testid,
      text: spec.label,
      attrs: { type: 'button', role: 'tab', id: tabId, 'aria-controls': spec.panel.id, 'data-key': spec.key },
      on: { click: () => choose(spec.key) },
    });
  });

  const show = (key: K) => {
    current = key;
    specs.forEach((spec, i) => {
      const on = spec.key === key;
      buttons[i].setAttribute('aria-selected', String(on));
      buttons[i].tabIndex = on ? 0 : -1;
      spec.panel.hidden = !on;
    });
  };
  const choose = (key: K) => {
    show(key);
    onSelect(key);
  };

  const onKey = (e: KeyboardEvent) => {
    // Only the tabs on offer take part.
    const visible = buttons.filter((b) => !b.hidden);
    const i = visible.indexOf(e.target as HTMLButtonElement);
    if (i < 0) return;
    const last = visible.length - 1;
    const to =
      e.key === 'ArrowRight' ? (i === last ? 0 : i + 1)
      : e.key === 'ArrowLeft' ? (i === 0 ? last : i - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? last
      : -1;
    if (to < 0) return;
    e.preventDefault();
    visible[to].focus();
    choose(specs[buttons.indexOf(visible[to])].key);
  };

  show(current);
  return {
    element: el('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': label }, on: { keydown: onKey } }, buttons),
    select: show,
    selected: () => current,
    setAvailable(keys) {
      specs.forEach((spec, i) => (buttons[i].hidden = !keys.includes(spec.key)));
    },
  };
}
