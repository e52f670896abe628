// Building DOM safely: elements from createElement, text only through text nodes.
// Nothing in the window ever assigns HTML strings, so nothing from the network or
// from the person can become markup.

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Stable hook for the end-to-end tests. */
  testid?: string;
  text?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.testid) node.dataset.testid = props.testid;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, fn] of Object.entries(props.on ?? {})) node.addEventListener(type, fn as EventListener);
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replace all children. */
export function replace(parent: Node, children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** Set text only when it changed (keeps selections and avoids layout work). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Run `fn` at most once per animation frame, however often it is asked for. */
export function frameScheduler(fn: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

let uid = 0;
/** A fresh id for label/for and aria-describedby pairs. */
export function newId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/** Whether `node` is on screen: in the document, with no hidden ancestor. */
export function onScreen(node: HTMLElement): boolean {
  if (!node.isConnected) return false;
  for (let n: HTMLElement | null = node; n; n = n.parentElement) if (n.hidden) return false;
  return true;
}
