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

// Work the views put off (a frame, a timer) goes through here, so it can all be cancelled
// at once: the window's views live as long as the page, but a test's views do not, and a
// timer outliving its test (a countdown's next tick) would run after the test's DOM is gone.
const pending = new Set<() => void>();

/** Cancel every frame and timer still waiting (tests do this after each test). */
export function cancelPending(): void {
  for (const cancel of [...pending]) cancel();
}

/** How many frames and timers are waiting. */
export const pendingCount = (): number => pending.size;

/** Run `fn` after `ms`; the result cancels it (harmless once it ran). */
export function later(fn: () => void, ms: number): () => void {
  // The clock that set it clears it (a test may have swapped in fake timers meanwhile).
  const clear = clearTimeout;
  const cancel = () => {
    pending.delete(cancel);
    clear(id);
  };
  const id = setTimeout(() => {
    pending.delete(cancel);
    fn();
  }, ms);
  pending.add(cancel);
  return cancel;
}

/** Run `fn` at most once per animation frame, however often it is asked for. */
export function frameScheduler(fn: () => void): () => void {
  let queued: (() => void) | null = null;
  return () => {
    if (queued) return;
    const cancelFrame = cancelAnimationFrame;
    const cancel = () => {
      pending.delete(cancel);
      cancelFrame(id);
      if (queued === cancel) queued = null;
    };
    const id = requestAnimationFrame(() => {
      pending.delete(cancel);
      queued = null;
      fn();
    });
    queued = cancel;
    pending.add(cancel);
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
