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

// WebKitWebDriver takes its picture after the page's next paint. Drawn on the CPU (no
// GPU: src-tauri/src/rendering.rs), a page where nothing changes is not painted again,
// and the picture waited 20 s and more (the session host page). While it is taken, one
// near-invisible pixel in the corner changes every 50 ms.
async function keepPainting(browser, on) {
  try {
    await browser.execute((start) => {
      const w = window;
      clearInterval(w.__e2ePaint);
      document.getElementById('e2e-paint')?.remove();
      if (!start) return;
      const dot = document.createElement('div');
      dot.id = 'e2e-paint';
      dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
      document.body.append(dot);
      let odd = false;
      w.__e2ePaint = setInterval(() => {
        odd = !odd;
        dot.style.background = odd ? 'rgba(0,0,0,0.02)' : 'rgba(0,0,0,0.01)';
      }, 50);
    }, on);
  } catch {
    // no page to paint on: the picture is taken or fails on its own
  }
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
      await keepPainting(browser, true);
      try {
        await withTimeout(browser.saveScreenshot(file), 20000, 'WebDriver screenshot');
      } finally {
        await keepPainting(browser, false);
      }
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
