// A server's file id may be one word thousands of characters long. Where the file
// exchange view names it inside a sentence (the countdown, why the session ended), the
// text must wrap anywhere: otherwise the word pushes the whole tab sideways (seen in
// e2e/tests/70-hostile.mjs). Layout is not computed here, so the rule itself is checked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../src/styles/file-exchange.css', import.meta.url), 'utf8');

/** The declarations of the rule whose selector is exactly `selector`. */
function rule(selector: string): string {
  const at = css.search(new RegExp(`(^|\\n)${selector.replace(/[.-]/g, '\\$&')}\\s*\\{`));
  expect(at, `${selector} has a rule`).toBeGreaterThanOrEqual(0);
  return css.slice(css.indexOf('{', at) + 1, css.indexOf('}', at));
}

describe('long file ids in sentences', () => {
  it.each(['.file-exchange-countdown', '.file-exchange-end'])('%s wraps anywhere', (selector) => {
    expect(rule(selector)).toMatch(/overflow-wrap:\s*anywhere/);
  });
});
