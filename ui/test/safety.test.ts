// @vitest-environment jsdom
// Nothing from the network may become markup: an event named like an <img> tag with
// <script> in its args must render as text, creating only the elements we build.
import { describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../src/lib/event-log';
import { renderRow } from '../src/views/console-row';
import { Inspector } from '../src/views/inspector';
import { jsonTree } from '../src/views/json-tree';

const NAME = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const hostile: ConsoleEvent = {
  seq: 1,
  direction: 'in',
  namespace: '/<b>ns</b>',
  event: NAME,
  args: [
    SCRIPT,
    { [SCRIPT]: '<iframe src="javascript:alert(3)"></iframe>', nested: [{ '<svg onload=alert(4)>': 1 }] },
    { $binary: 'PHNjcmlwdD4=' },
  ],
  time: 0,
};

const tags = (root: Element) => new Set(Array.from(root.querySelectorAll('*'), (e) => e.tagName.toLowerCase()));
const noHandlers = (root: Element) =>
  Array.from(root.querySelectorAll('*')).every((e) => !e.getAttributeNames().some((a) => a.startsWith('on')));

describe('HTML safety', () => {
  it('a console row shows the hostile name and args as text only', () => {
    const row = renderRow(hostile);
    expect(tags(row)).toEqual(new Set(['span']));
    expect(row.querySelectorAll('img, script, iframe, svg, b')).toHaveLength(0);
    expect(noHandlers(row)).toBe(true);
    expect(row.querySelector('.cell-event')?.textContent).toBe(NAME);
    expect(row.querySelector('.cell-ns')?.textContent).toBe('/<b>ns</b>');
    expect(row.textContent).toContain(SCRIPT);
    expect(row.dataset.event).toBe(NAME);
  });

  it('the JSON tree creates only its own elements', () => {
    const tree = jsonTree(hostile.args, 'args', { openDepth: 10 });
    expect([...tags(tree)].every((t) => ['details', 'summary', 'div', 'span'].includes(t))).toBe(true);
    expect(tree.querySelectorAll('img, script, iframe, svg, b')).toHaveLength(0);
    expect(noHandlers(tree)).toBe(true);
    expect(tree.textContent).toContain(JSON.stringify(SCRIPT));
    expect(tree.textContent).toContain('<svg onload=alert(4)>');
  });

  it('the inspector shows the hostile event as text only', () => {
    const inspector = new Inspector();
    inspector.show(hostile);
    const allowed = ['header', 'h2', 'h3', 'button', 'dl', 'dt', 'dd', 'div', 'details', 'summary', 'span'];
    expect([...tags(inspector.element)].filter((t) => !allowed.includes(t))).toEqual([]);
    expect(inspector.element.querySelectorAll('img, script, iframe, svg, b')).toHaveLength(0);
    expect(inspector.element.querySelector('h2')?.textContent).toBe(NAME);
  });
});
