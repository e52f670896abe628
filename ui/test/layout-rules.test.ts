// The layout from 800 × 600 up, where it rests on CSS rules that jsdom does not lay out:
// the rules themselves are checked. The sidebar folds to a rail; the console keeps the
// event name and arguments (namespace and time go first, by the list's own width); the
// emit form takes at most 30% of the height; a file card never widens its chat bubble;
// the dorm page follows its own width, so the palette fits the default window.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = (name: string) => readFileSync(new URL(`../src/styles/${name}.css`, import.meta.url), 'utf8');

/** The declarations of the first rule whose selector is exactly `selector` in `text`. */
function rule(text: string, selector: string): string {
  const at = text.search(new RegExp(`(^|\\n|\\{)\\s*${selector.replace(/[.()'[\]:>*-]/g, '\\$&')}\\s*\\{`));
  expect(at, `${selector} has a rule`).toBeGreaterThanOrEqual(0);
  const open = text.indexOf('{', text.indexOf(selector, at));
  return text.slice(open + 1, text.indexOf('}', open));
}

/** The text of the `@container name (max-width: Npx)` block. */
function container(text: string, name: string, width: number): string {
  const head = `@container ${name} (max-width: ${width}px) {`;
  const at = text.indexOf(head);
  expect(at, head).toBeGreaterThanOrEqual(0);
  let depth = 0;
  for (let i = at + head.length - 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(at, i + 1);
  }
  return '';
}

describe('layout rules', () => {
  it('the sidebar: 272 px, folded a rail of 56 px whose words stay for screen readers', () => {
    const layout = css('layout');
    expect(rule(layout, '.app')).toMatch(/grid-template-columns:\s*auto minmax\(0, 1fr\)/);
    expect(rule(layout, '.sidebar')).toMatch(/width:\s*272px/);
    expect(rule(layout, '.sidebar.folded')).toMatch(/width:\s*56px/);
    // Hidden as .visually-hidden is (one rule in base.css): still read aloud.
    expect(css('base')).toMatch(/\.sidebar\.folded \.server-text \{[^}]*clip-path: inset\(50%\)/);
    expect(rule(layout, '.sidebar.folded .server-actions')).toMatch(/display:\s*none/);
  });

  it('the skip link shows only while it has focus', () => {
    const layout = css('layout');
    expect(rule(layout, '.skip-link')).toMatch(/transform:\s*translateY\(-200%\)/);
    expect(rule(layout, '.skip-link:focus')).toMatch(/transform:\s*none/);
  });

  it('the console drops the namespace, then the time, never the event name or arguments', () => {
    const c = css('console');
    expect(rule(c, '.event-list')).toMatch(/container:\s*events \/ inline-size/);
    const narrow = container(c, 'events', 540);
    expect(narrow).toMatch(/\.cell-ns \{\s*display: none/);
    expect(narrow).not.toMatch(/cell-event|cell-preview/);
    const narrower = container(c, 'events', 420);
    expect(narrower).toMatch(/\.cell-time \{\s*display: none/);
    expect(narrower).not.toMatch(/cell-event \{|cell-preview \{/);
  });

  it('the emit form: at most 30% of the height, scrolling inside', () => {
    const form = rule(css('forms'), '.emit-form');
    expect(form).toMatch(/max-height:\s*30%/);
    expect(form).toMatch(/overflow-y:\s*auto/);
  });

  it('a file card in a chat bubble is no wider than the bubble', () => {
    expect(rule(css('files'), '.space-bubble .file-card')).toMatch(/min-width:\s*0;[\s\S]*max-width:\s*100%/);
    expect(rule(css('space'), '.space-bubble:has(.file-card)')).toMatch(/width:\s*min\(80%, 440px\)/);
  });

  it('the dorm page lays out by its own width, the blackboard beside the name when wide', () => {
    const dorm = css('dorm');
    expect(rule(dorm, '.dorm')).toMatch(/container:\s*dorm \/ inline-size/);
    expect(dorm).toContain('@container dorm (min-width: 760px)');
    expect(dorm).not.toMatch(/@media \(max-width/);
    expect(rule(dorm, '.dorm-palette')).toMatch(/minmax\(66px, 1fr\)/);
  });
});
