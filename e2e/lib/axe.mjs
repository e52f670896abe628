// Accessibility: axe-core runs in the window at every screenshot a test takes, so every
// view the tests reach is checked as it is shown. Serious and critical findings fail the
// test; all findings are written to e2e/out/axe-<test>.json.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe's findings on the window as it is now: [{ id, impact, help, nodes: [target…] }]. */
export async function axeFindings(browser) {
  const loaded = await browser.execute(() => typeof window.axe !== 'undefined');
  // WebDriver runs this outside the page's content security policy, as a tool would.
  if (!loaded) await browser.execute(`${AXE_SOURCE}\nwindow.axe = axe;`);
  const result = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((r) => done({ findings: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })) }))
      .catch((e) => done({ failed: String(e) }));
  });
  if (result.failed) throw new Error(`axe-core could not run: ${result.failed}`);
  return result.findings;
}

/** Collects the findings of one test, view by view. */
export function axeRecorder(outDir, testName) {
  const views = [];
  return {
    async check(browser, view) {
      views.push({ view, findings: await axeFindings(browser) });
    },
    /** Writes them down; throws on serious or critical ones. */
    finish() {
      if (!views.length) return;
      fs.writeFileSync(path.join(outDir, `axe-${testName}.json`), `${JSON.stringify(views, null, 2)}\n`);
      const bad = views.flatMap(({ view, findings }) =>
        findings.filter((f) => f.impact === 'serious' || f.impact === 'critical').map((f) => `${view}: ${f.id} (${f.impact}) ${f.help}: ${f.nodes.join(', ')}`),
      );
      if (bad.length) throw new Error(`accessibility (axe-core), ${bad.length} serious or critical:\n  ${bad.join('\n  ')}`);
    },
  };
}
