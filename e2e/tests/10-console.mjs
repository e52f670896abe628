// The console in the real window: the demo server is listed, a server is added through
// the form, connected, an event is emitted and its echo seen, an ack is answered, the
// inspector shows the arguments, and the server disconnects.
import { $t, itemFor } from '../lib/window.mjs';

async function stateOf(item) {
  return (await item.$('[data-testid="conn-state"]').getText()).trim();
}

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;

  // The demo server is there from the start (SWITCHBOARD_DEMO_URL).
  const demo = await waitFor(() => browser.$('[data-testid="server-item"][data-id="demo"]').then(async (e) => (await e.isExisting()) && e), 20000, { message: 'demo server listed' });
  assert.ok(demo);

  // Add a server on the echo server's /admin namespace.
  await (await $t(browser, 'add-server')).click();
  const form = await $t(browser, 'server-form');
  await form.waitForDisplayed({ timeout: 5000 });
  await (await $t(browser, 'server-name')).setValue('E2E echo');
  await (await $t(browser, 'server-url')).setValue(`${ctx.serverUrl}/admin`);
  await (await $t(browser, 'server-save')).click();
  const item = await itemFor(browser, ctx, 'E2E echo');
  await item.click();

  // Connect and wait for the state in words.
  await (await item.$('[data-testid="connect"]')).click();
  await waitFor(async () => /connected/i.test(await stateOf(item)) && !/not|dis/i.test(await stateOf(item)), 20000, { message: 'connected state' });
  await ctx.screenshot('console-connected');

  // Emit `echo` with one JSON argument; the echo comes back into the console.
  await (await $t(browser, 'emit-event')).setValue('echo');
  const arg = (await browser.$$('[data-testid="emit-arg"]'))[0];
  await arg.setValue('{"hello": "from the window", "n": 42}');
  await (await $t(browser, 'emit-send')).click();
  const inRow = await waitFor(async () => {
    const rows = await browser.$$('[data-testid="console-row"][data-event="echo"][data-direction="in"]');
    return rows.length > 0 && rows[0];
  }, 15000, { message: 'the echo in the console' });
  const outRows = await browser.$$('[data-testid="console-row"][data-event="echo"][data-direction="out"]');
  assert.ok(outRows.length >= 1, 'the outgoing event is listed too');

  // The inspector shows the arguments of the selected event.
  await inRow.click();
  const inspector = await $t(browser, 'inspector');
  await waitFor(async () => (await inspector.getText()).includes('from the window'), 5000, { message: 'inspector shows the args' });

  // An emit with an ack: the answer is shown beside the form.
  const eventInput = await $t(browser, 'emit-event');
  await eventInput.clearValue();
  await eventInput.setValue('ack_echo');
  await arg.clearValue();
  await arg.setValue('["acked", 7]');
  const ackBox = await $t(browser, 'emit-ack');
  if (!(await ackBox.isSelected())) await ackBox.click();
  await (await $t(browser, 'emit-send')).click();
  const ack = await $t(browser, 'ack-result');
  await waitFor(async () => (await ack.getText()).includes('acked'), 15000, { message: 'ack answer shown' });

  // Filtering by event name hides the others.
  await (await $t(browser, 'console-filter')).setValue('ack_echo');
  await waitFor(async () => (await browser.$$('[data-testid="console-row"][data-event="echo"]')).length === 0, 5000, { message: 'echo rows filtered out' });
  await ctx.screenshot('console-after-emit');
  await (await $t(browser, 'console-filter')).clearValue();

  // Disconnect.
  await (await item.$('[data-testid="disconnect"]')).click();
  await waitFor(async () => /disconnected/i.test(await stateOf(item)), 10000, { message: 'disconnected state' });
}
