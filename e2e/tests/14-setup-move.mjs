// Servers and saved messages carried to a fresh machine (issue 14): a server of one's own
// and a message saved on it are exported from Settings (the e2e build answers the save
// dialog with SWITCHBOARD_E2E_SAVE_TO/<suggested name>); the app is closed, its config and
// data folders removed, and started again: nothing of it is left. Import servers… (the
// open dialog answered with SWITCHBOARD_E2E_OPEN) brings the server and its saved message
// back, and says so in words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeApp, openApp } from '../lib/driver.mjs';
import { $t, addServer, attrIs, itemFor } from '../lib/window.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-move-'));
const saveDir = path.join(dir, 'out');
fs.mkdirSync(saveDir);
const config = path.join(dir, 'config');
const data = path.join(dir, 'data');
const setupFile = path.join(saveDir, 'switchboard-servers.json');
// Its own profile folders, so the test can empty them as a fresh machine has them.
export const appEnv = {
  XDG_CONFIG_HOME: config,
  XDG_DATA_HOME: data,
  SWITCHBOARD_E2E_SAVE_TO: saveDir,
  SWITCHBOARD_E2E_OPEN: setupFile,
};

const NAME = 'E2E moved';
const MESSAGE = 'Moved hello';

async function settingsResult(browser, ctx, button, pattern) {
  await (await $t(browser, 'settings-open')).click();
  await (await $t(browser, button)).click();
  const result = await $t(browser, 'settings-setup-result');
  await ctx.waitFor(async () => pattern.test(await result.getText()), 15000, { message: `the settings say ${pattern}` });
  return result.getText();
}

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;

  await addServer(browser, ctx, NAME, `${ctx.serverUrl}/admin`);
  await (await $t(browser, 'emit-event')).setValue('echo');
  await (await browser.$$('[data-testid="emit-arg"]'))[0].setValue('{"moved": true}');
  await (await $t(browser, 'emit-save')).click();
  const name = await $t(browser, 'saved-name');
  await name.waitForDisplayed({ timeout: 5000 });
  await name.clearValue();
  await name.setValue(MESSAGE);
  await (await $t(browser, 'saved-save')).click();
  const savedSel = `[data-testid="saved-item"]${attrIs('data-name', MESSAGE)}`;
  await waitFor(async () => browser.$(savedSel).isExisting(), 10000, { message: 'the saved message listed' });

  const exported = await settingsResult(browser, ctx, 'settings-export', /Exported/);
  assert.match(exported, /1 saved message/, 'the export counts the saved message');
  const file = JSON.parse(fs.readFileSync(setupFile, 'utf8'));
  assert.ok(JSON.stringify(file).includes(MESSAGE), 'the file holds the saved message');
  await ctx.screenshot('setup-exported');

  // A fresh machine: the app closed, its folders gone, started again.
  await closeApp(browser);
  fs.rmSync(config, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
  const again = await openApp({
    port: Number(process.env.E2E_DRIVER_PORT || 4444),
    application: path.resolve(ctx.root, process.env.E2E_APP || 'target/debug/switchboard'),
    args: (process.env.E2E_APP_ARGS || '').split(' ').filter(Boolean),
  });
  try {
    await waitFor(async () => (await again.$$('[data-testid="server-item"]')).length >= 1, 20000, { message: 'the window is up' });
    for (const item of await again.$$('[data-testid="server-item"]')) {
      assert.ok(!(await item.getText()).includes(NAME), 'a fresh machine does not know the server');
    }
    const imported = await settingsResult(again, ctx, 'settings-import', /Added/);
    assert.match(imported, /1 saved message/, 'the import counts the saved message');
    await ctx.screenshotOf(again, 'setup-imported');
    await (await $t(again, 'settings-close')).click();
    const item = await itemFor(again, ctx, NAME);
    await (await item.$('.server-select')).click();
    await waitFor(async () => again.$(savedSel).isExisting(), 10000, { message: 'its saved message is back' });
    await ctx.screenshotOf(again, 'setup-imported-server');
  } finally {
    await closeApp(again);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
