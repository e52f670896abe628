// Screenshots: the app's web view through WebDriver, and the whole X screen
// (window frame, native dialogs, ...) with ImageMagick's `import`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { which } from './procs.mjs';
import { log, safeName, sleep, withTimeout } from './util.mjs';

// WebKit paints a DOM change a frame or so later: wait for two animation
// frames and a little more, or a picture taken right after a click shows the
// page as it was before.
async function settle(browser) {
  try {
    await withTimeout(
      browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
      2000,
      'waiting for a frame',
    );
  } catch {
    // a hidden window gets no frames; take the picture anyway
  }
  await sleep(250);
}

/**
 * Saves `<outDir>/<name>.png` (the web view, via browser.saveScreenshot) and,
 * when DISPLAY is set, `<outDir>/<name>-screen.png` (the X root window).
 * Returns the paths written. A failed screenshot is logged, never thrown:
 * a picture must not fail a test.
 */
export async function takeScreenshot(browser, name, outDir) {
  const base = safeName(name);
  const written = [];
  fs.mkdirSync(outDir, { recursive: true });
  if (browser) {
    const file = path.join(outDir, `${base}.png`);
    try {
      await settle(browser);
      await withTimeout(browser.saveScreenshot(file), 20000, 'WebDriver screenshot');
      written.push(file);
    } catch (err) {
      log(`warning: WebDriver screenshot '${base}' failed: ${err.message}`);
    }
  }
  if (process.env.DISPLAY) {
    if (!browser) await sleep(250);
    if (which('import')) {
      const file = path.join(outDir, `${base}-screen.png`);
      const r = spawnSync('import', ['-window', 'root', file], { timeout: 20000, encoding: 'utf8' });
      if (r.status === 0 && fs.existsSync(file)) {
        written.push(file);
      } else {
        log(`warning: 'import -window root' failed: ${(r.error && r.error.message) || r.stderr || `exit ${r.status}`}`);
      }
    } else {
      log("warning: ImageMagick's import not found (apt-get install imagemagick): no screen shot");
    }
  }
  return written;
}
