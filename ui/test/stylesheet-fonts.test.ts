// Font families are named in one place, theme.css, so WebKitGTK's generic stacks cover all of
// them (src/settings/fonts.ts says why a missing family costs there).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('stylesheets', () => {
  const styles = new URL('../src/styles/', import.meta.url);

  it('name font families only in theme.css, where WebKitGTK gets generic ones', () => {
    // A family named elsewhere would be looked up under WebKitGTK too, missing or not: every
    // font declaration outside theme.css takes its family from a variable, or inherits it.
    const offenders = readdirSync(styles)
      .filter((f) => f.endsWith('.css') && f !== 'theme.css')
      .flatMap((f) =>
        [...readFileSync(new URL(f, styles), 'utf8').matchAll(/(?<![-\w])font(?:-family)?\s*:\s*([^;}]+)/g)]
          .map((m) => m[1].trim())
          .filter((value) => value !== 'inherit' && !/^(?:[\w./\s]*\s)?var\(--[\w-]+\)$/.test(value))
          .map((value) => `${f}: ${value}`),
      );
    expect(offenders).toEqual([]);
    const theme = readFileSync(new URL('theme.css', styles), 'utf8');
    const generic = theme.slice(theme.indexOf(":root[data-fonts='generic']"));
    for (const stack of ['--font', '--mono', '--hand']) expect(generic).toContain(`${stack}:`);
  });
});
