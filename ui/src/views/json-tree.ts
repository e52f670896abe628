// A collapsible JSON tree built from <details>/<summary>, so expanding and collapsing
// works with the keyboard for free. Children of closed nodes are built only when first
// opened, and long arrays/objects are built a page at a time: a 5 MB payload stays cheap.
import { el } from '../dom';
import { t, tn } from '../i18n';
import { isBinary } from '../lib/json-args';

const PAGE = 100;
const STRING_MAX = 5000;

export interface TreeOptions {
  /** Levels open from the start (1 = only the root). */
  openDepth?: number;
}

export function jsonTree(value: unknown, label?: string, options: TreeOptions = {}): HTMLElement {
  return node(value, label, 0, options.openDepth ?? 2);
}

function keyLabel(label: string | undefined): HTMLElement[] {
  return label === undefined
    ? []
    : [el('span', { class: 'jt-key', text: label }), el('span', { class: 'jt-punct', text: ': ' })];
}

function node(value: unknown, label: string | undefined, depth: number, openDepth: number): HTMLElement {
  if (value === null || typeof value !== 'object' || isBinary(value)) {
    return el('div', { class: 'jt-leaf' }, [...keyLabel(label), leaf(value)]);
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const meta = tn(isArray ? 'json.items' : 'json.keys', entries.length);
  const open = isArray ? '[' : '{';
  const close = isArray ? ']' : '}';
  if (entries.length === 0) {
    return el('div', { class: 'jt-leaf' }, [...keyLabel(label), el('span', { class: 'jt-punct', text: open + close })]);
  }
  const children = el('div', { class: 'jt-children' });
  const details = el('details', { class: 'jt-node' }, [
    el('summary', {}, [
      ...keyLabel(label),
      el('span', { class: 'jt-punct', text: open }),
      el('span', { class: 'jt-meta', text: meta }),
      el('span', { class: 'jt-punct jt-close', text: close }),
    ]),
    children,
  ]);
  let built = 0;
  const buildPage = () => {
    const more = children.querySelector(':scope > .jt-more');
    if (more) more.remove();
    const end = Math.min(entries.length, built + PAGE);
    for (; built < end; built++) {
      const [k, v] = entries[built];
      children.appendChild(node(v, k, depth + 1, openDepth));
    }
    if (built < entries.length) {
      const left = entries.length - built;
      children.appendChild(
        el('button', {
          class: 'jt-more link',
          text: t('json.more', { count: Math.min(PAGE, left) }),
          attrs: { type: 'button' },
          on: { click: buildPage },
        }),
      );
    }
  };
  if (depth < openDepth) {
    details.open = true;
    buildPage();
  } else {
    details.addEventListener('toggle', () => details.open && built === 0 && buildPage());
  }
  return details;
}

function leaf(value: unknown): HTMLElement {
  if (isBinary(value)) {
    const b64 = value.$binary.replace(/\s+/g, '');
    const bytes = Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
    return el('span', { class: 'jt-binary', text: t('json.binary', { bytes }), attrs: { title: b64.slice(0, 200) } });
  }
  if (typeof value === 'string') {
    const shown = value.length > STRING_MAX ? `${value.slice(0, STRING_MAX)}…` : value;
    return el('span', { class: 'jt-string', text: JSON.stringify(shown) });
  }
  if (typeof value === 'number') return el('span', { class: 'jt-number', text: String(value) });
  if (typeof value === 'boolean') return el('span', { class: 'jt-bool', text: String(value) });
  if (value === null) return el('span', { class: 'jt-null', text: 'null' });
  return el('span', { class: 'jt-null', text: String(value) });
}
