// The console's history (issue 14) in the real window: timeline rows (the connection's
// states, an emit's answer) among the events, the inspector's link between an emit and
// its answer with the round trip, a search over the saved history, an export to CSV
// (the e2e build answers the save dialog with SWITCHBOARD_E2E_SAVE_TO/<suggested name>),
// then the app closed and started again on the same data directory: the earlier
// session's events show above the live ones and can be searched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeApp, openApp } from '../lib/driver.mjs';
import { $t, itemFor } from '../lib/window.mjs';

const saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-history-'));
export const appEnv = { SWITCHBOARD_E2E_SAVE_TO: saveDir };

const NAME = 'E2E history';
const NEEDLE = 'history-needle';

const rows = (browser, sel = '') => browser.$$(`[data-testid="console-row"]${sel}`);

async function searchHistory(browser, ctx, text) {
  const open = await $t(browser, 'history-search-open');
  if ((await open.getAttribute('aria-pressed')) !== 'true') await open.click();
  const field = await $t(browser, 'history-search-text');
  await field.waitForDisplayed({ timeout: 5000 });
  await field.clearValue();
  await field.setValue(text);
  await (await $t(browser, 'history-search-go')).click();
  return ctx.waitFor(async () => {
    const found = await rows(browser, '[data-earlier="true"][data-event="echo"]');
    return found.length >= 1 && found;
  }, 15000, { message: `search results for "${text}"` });
}

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;

  // A server of its own (the echo server's /admin), so other tests' demo history stays apart.
  await (await $t(browser, 'add-server')).click();
  await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
  await (await $t(browser, 'server-name')).setValue(NAME);
  await (await $t(browser, 'server-url')).setValue(`${ctx.serverUrl}/admin`);
  await (await $t(browser, 'server-save')).click();
  const item = await itemFor(browser, ctx, NAME);
  await item.click();
  await (await item.$('[data-testid="connect"]')).click();

  // The connect is a row of its own.
  await waitFor(async () => (await rows(browser, '[data-kind="state"][data-event="connected"]')).length >= 1, 20000, { message: 'a "connected" row' });

  // Two events, then an emit with an ack: its answer is a row too.
  await (await $t(browser, 'emit-event')).setValue('echo');
  const arg = (await browser.$$('[data-testid="emit-arg"]'))[0];
  for (const n of [1, 2]) {
    await arg.clearValue();
    await arg.setValue(`{"note": "${NEEDLE}-${n}"}`);
    await (await $t(browser, 'emit-send')).click();
  }
  await waitFor(async () => (await rows(browser, '[data-event="echo"][data-direction="in"]')).length >= 2, 15000, { message: 'the two echoes' });
  const eventInput = await $t(browser, 'emit-event');
  await eventInput.clearValue();
  await eventInput.setValue('ack_echo');
  await arg.clearValue();
  await arg.setValue('["acked", 7]');
  const ackBox = await $t(browser, 'emit-ack');
  if (!(await ackBox.isSelected())) await ackBox.click();
  await (await $t(browser, 'emit-send')).click();
  const answer = await waitFor(async () => {
    const found = await rows(browser, '[data-kind="ack"][data-event="ack_echo"]');
    return found.length >= 1 && found[0];
  }, 15000, { message: 'the ack answer as a row' });
  assert.ok((await answer.getText()).includes('acked'), 'the answer row shows its arguments');

  // The emit in the inspector: its answer and the round trip; the answer links back to it.
  const emitRow = await waitFor(async () => {
    const found = await rows(browser, '[data-direction="out"][data-event="ack_echo"]');
    return found.length >= 1 && found[0];
  }, 5000, { message: 'the emit with ack' });
  await emitRow.click();
  const link = await $t(browser, 'ack-link');
  await waitFor(async () => /\d+\s*ms/.test(await link.getText()), 5000, { message: 'the round trip in the inspector' });
  await (await $t(browser, 'ack-link-answer')).click();
  await waitFor(async () => (await $t(browser, 'ack-link-emit')).isExisting(), 5000, { message: 'the answer links back to its emit' });
  await ctx.screenshot('history-timeline');

  // Search the whole history.
  const found = await searchHistory(browser, ctx, NEEDLE);
  assert.ok(found.length >= 2, `both echoes (and their emits) are found, got ${found.length}`);
  await found[0].click();
  await waitFor(async () => (await (await $t(browser, 'inspector')).getText()).includes(NEEDLE), 5000, { message: 'a result in the inspector' });
  await ctx.screenshot('history-search');

  // Export the search to CSV.
  await (await $t(browser, 'history-menu-open')).click();
  await (await $t(browser, 'history-export-csv')).click();
  const status = await $t(browser, 'history-status');
  await waitFor(async () => /Exported \d+ event/.test(await status.getText()), 15000, { message: 'the export is said' });
  const file = path.join(saveDir, 'E2E-history-history.csv');
  await waitFor(() => fs.existsSync(file), 5000, { message: `${file} written` });
  const csv = fs.readFileSync(file, 'utf8');
  assert.ok(csv.includes(`${NEEDLE}-1`) && csv.includes(`${NEEDLE}-2`), 'the CSV holds the events found');
  await ctx.screenshot('history-exported');

  // Back to the live events; disconnect (a row with its reason).
  await (await $t(browser, 'history-search-close')).click();
  await (await item.$('[data-testid="disconnect"]')).click();
  await waitFor(async () => (await rows(browser, '[data-kind="state"][data-event="disconnected"]')).length >= 1, 10000, { message: 'a "disconnected" row' });

  // Close the app and start it again on the same data directory (the runner's environment).
  await closeApp(browser);
  const again = await openApp({
    port: Number(process.env.E2E_DRIVER_PORT || 4444),
    application: path.resolve(ctx.root, process.env.E2E_APP || 'target/debug/switchboard'),
    args: (process.env.E2E_APP_ARGS || '').split(' ').filter(Boolean),
  });
  try {
    const item2 = await itemFor(again, ctx, NAME);
    await item2.click();
    await waitFor(async () => (await rows(again, '[data-earlier="true"][data-event="echo"]')).length >= 2, 15000, {
      message: "the earlier session's echoes above the live events",
    });
    assert.ok((await rows(again, '[data-kind="divider"]')).length === 1, 'a divider marks the earlier sessions');
    await ctx.screenshotOf(again, 'history-earlier-sessions');
    const again2 = await searchHistory(again, ctx, `${NEEDLE}-2`);
    assert.ok(again2.length >= 1, "the earlier session's events are searchable");
    await ctx.screenshotOf(again, 'history-search-after-restart');
  } finally {
    await closeApp(again);
    fs.rmSync(saveDir, { recursive: true, force: true });
  }
}
