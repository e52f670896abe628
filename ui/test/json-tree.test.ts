// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { jsonTree } from '../src/views/json-tree';

describe('jsonTree', () => {
  it('opens the first levels and builds deeper ones only when opened', () => {
    const tree = jsonTree({ a: { b: { c: { d: 1 } } } }, 'root', { openDepth: 2 });
    const nodes = [tree, ...tree.querySelectorAll('details')];
    expect(nodes).toHaveLength(3); // root, a, b (b is closed and its children not built yet)
    expect(nodes.map((n) => (n as HTMLDetailsElement).open)).toEqual([true, true, false]);
    const closed = nodes[2] as HTMLDetailsElement;
    expect(closed.open).toBe(false);
    expect(closed.querySelector('.jt-children')?.childElementCount).toBe(0);
    closed.open = true;
    closed.dispatchEvent(new Event('toggle'));
    expect(closed.querySelector('.jt-children')?.childElementCount).toBe(1);
  });

  it('long arrays come a page at a time', () => {
    const tree = jsonTree(Array.from({ length: 250 }, (_, i) => i), 'big');
    const children = tree.querySelector('.jt-children') as HTMLElement;
    expect(children.querySelectorAll('.jt-leaf')).toHaveLength(100);
    (children.querySelector('.jt-more') as HTMLButtonElement).click();
    expect(children.querySelectorAll('.jt-leaf')).toHaveLength(200);
    (children.querySelector('.jt-more') as HTMLButtonElement).click();
    expect(children.querySelectorAll('.jt-leaf')).toHaveLength(250);
    expect(children.querySelector('.jt-more')).toBeNull();
  });

  it('shows sizes, literals and binary values', () => {
    const tree = jsonTree({ list: [1, 2], none: null, yes: true, s: 'x', bin: { $binary: 'aGVsbG8=' }, empty: {} });
    expect(tree.querySelector('summary')?.textContent).toContain('6 keys');
    expect(tree.textContent).toContain('2 items');
    expect(tree.querySelector('.jt-null')?.textContent).toBe('null');
    expect(tree.querySelector('.jt-bool')?.textContent).toBe('true');
    expect(tree.querySelector('.jt-string')?.textContent).toBe('"x"');
    expect(tree.querySelector('.jt-binary')?.textContent).toBe('binary, 5 bytes');
    expect(tree.textContent).toContain('{}');
  });
});
