// Settings in the real window: the demo server connected and an event in its console,
// then the window in Dark and Light (each checked by axe-core for contrast at its
// screenshot), in Russian and in Chinese (translated at once, without a restart), and
// back to the system's language and theme.
import { emit } from '../lib/window.mjs';

const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

async function choose(browser, select, value) {
  await (await $t(browser, 'settings-open')).click();
  await (await $t(browser, 'settings-dialog')).waitForDisplayed({ timeout: 5000 });
  await (await $t(browser, select)).selectByAttribute('value', value);
  await (await $t(browser, 'settings-close')).click();
}

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;
  const demo = await waitFor(() => browser.$('[data-testid="server-item"][data-id="demo"]').then(async (e) => (await e.isExisting()) && e), 20000, {
    message: 'demo server listed',
  });
  await demo.click();
  await (await demo.$('[data-testid="connect"]')).click();
  await waitFor(async () => /^connected/i.test((await demo.$('[data-testid="conn-state"]').getText()).trim()), 20000, { message: 'connected' });
  await emit(browser, 'echo', '{"theme": "check", "n": 1, "ok": true, "none": null}');
  await waitFor(async () => (await browser.$$('[data-testid="console-row"]')).length >= 2, 10000, { message: 'the echo in the console' });

  // Each theme at a small window (the sidebar folds to a rail, the console keeps name and
  // arguments) and a large one.
  for (const theme of ['dark', 'light']) {
    await choose(browser, 'settings-theme', theme);
    await waitFor(async () => (await browser.execute(() => document.documentElement.dataset.theme)) === theme, 3000, { message: `the ${theme} theme` });
    for (const [width, height] of [[800, 600], [1440, 900]]) {
      await browser.setWindowSize(width, height);
      await waitFor(async () => (await browser.execute(() => window.innerWidth)) <= width, 5000, { message: `the window at ${width}×${height}` });
      await ctx.screenshot(`settings-theme-${theme}-${width}x${height}`);
      const row = await browser.$('[data-testid="console-row"]');
      for (const cell of ['.cell-event', '.cell-preview']) {
        assert.ok(await row.$(cell).isDisplayed(), `${cell} shows at ${width}×${height}`);
      }
    }
  }
  await browser.setWindowSize(1180, 760);

  for (const [language, words] of [['ru', 'Серверы'], ['zh', '服务器']]) {
    await choose(browser, 'settings-language', language);
    await waitFor(async () => (await browser.execute(() => document.body.textContent)).includes(words), 5000, { message: `the window in ${language}` });
    // The window is drawn again in the new language; its list of rows a frame later.
    await waitFor(async () => (await browser.$$('[data-testid="console-row"]')).length >= 2, 5000, {
      message: `the console keeps its events in ${language}`,
    });
    await ctx.screenshot(`settings-language-${language}`);
  }
  await choose(browser, 'settings-language', 'system');
  await choose(browser, 'settings-theme', 'system');
  await waitFor(async () => (await browser.execute(() => document.body.textContent)).includes('Servers'), 5000, { message: 'back in English' });
}
