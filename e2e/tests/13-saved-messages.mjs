// Saved messages in the real window (issue 14): on the demo echo server, an emit is saved
// under a name, sent again with one click and its echo seen; an event of the log is loaded
// into the emit form from the inspector; once disconnected, Send (the form's and the saved
// message's) is disabled and says why; the saved message is removed after a confirmation.
// Then a server where nothing listens, added as `localhost:PORT` (no scheme): while it
// retries, its card and header say why.
import net from 'node:net';
import { $t, attrIs } from '../lib/window.mjs';

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const NAME = 'Echo once';

async function stateOf(item) {
  return (await item.$('[data-testid="conn-state"]').getText()).trim();
}

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;

  // The demo server (SWITCHBOARD_DEMO_URL, the echo server): select it and connect.
  const demo = await waitFor(async () => {
    const e = await browser.$('[data-testid="server-item"][data-id="demo"]');
    return (await e.isExisting()) && e;
  }, 20000, { message: 'demo server listed' });
  await (await demo.$('.server-select')).click();
  // Not connected yet: Send is disabled and says why.
  const send = await $t(browser, 'emit-send');
  await waitFor(async () => !(await send.isEnabled()), 5000, { message: 'Send disabled before connecting' });
  await (await demo.$('[data-testid="connect"]')).click();
  await waitFor(async () => /^connected/i.test(await stateOf(demo)), 20000, { message: 'demo connected' });
  await waitFor(async () => send.isEnabled(), 5000, { message: 'Send enabled once connected' });

  // Its saved messages were asked for when its console showed: none yet.
  await waitFor(async () => /no saved messages/i.test(await (await $t(browser, 'saved-empty')).getText()), 10000, {
    message: 'the empty list of saved messages',
  });

  // Fill in the emit form and save it under a name.
  const eventInput = await $t(browser, 'emit-event');
  await eventInput.setValue('echo');
  const arg = (await browser.$$('[data-testid="emit-arg"]'))[0];
  await arg.setValue('{"saved": "one click", "n": 14}');
  await (await $t(browser, 'emit-save')).click();
  const dialog = await $t(browser, 'saved-dialog');
  await dialog.waitForDisplayed({ timeout: 5000 });
  const name = await $t(browser, 'saved-name');
  assert.equal(await name.getValue(), 'echo', 'the name starts as the event name');
  await name.clearValue();
  await name.setValue(NAME);
  await ctx.screenshot('saved-dialog');
  await (await $t(browser, 'saved-save')).click();
  await waitFor(async () => !(await dialog.isExisting()), 5000, { message: 'the save dialog closed' });
  const itemSel = `[data-testid="saved-item"]${attrIs('data-name', NAME)}`;
  const saved = await waitFor(async () => {
    const e = await browser.$(itemSel);
    return (await e.isExisting()) && e;
  }, 10000, { message: 'the saved message listed' });
  assert.ok((await saved.getText()).includes('one click'), 'the list shows its arguments in brief');

  // Empty the form: the one-click Send sends what was saved, not what the form holds.
  await eventInput.clearValue();
  await arg.clearValue();
  await (await saved.$('[data-testid="saved-send"]')).click();
  const echoed = await waitFor(async () => {
    const rows = await browser.$$('[data-testid="console-row"][data-event="echo"][data-direction="in"]');
    return rows.length > 0 && rows[0];
  }, 15000, { message: 'the saved message echoed' });
  await waitFor(async () => (await (await $t(browser, 'ack-result')).getText()).includes(NAME), 5000, { message: 'Sent “Echo once”.' });
  await ctx.screenshot('saved-sent');

  // Load into form from the inspector: the echoed event's name and arguments.
  await echoed.click();
  const inspector = await $t(browser, 'inspector');
  await waitFor(async () => (await inspector.getText()).includes('one click'), 5000, { message: 'inspector shows the echo' });
  await (await $t(browser, 'inspector-load')).click();
  await waitFor(async () => (await (await $t(browser, 'emit-event')).getValue()) === 'echo', 5000, { message: 'event loaded into the form' });
  const loaded = (await browser.$$('[data-testid="emit-arg"]'))[0];
  const text = await loaded.getValue();
  assert.deepEqual(JSON.parse(text), { saved: 'one click', n: 14 }, 'the argument loaded as JSON');
  assert.ok(text.includes('\n'), 'pretty-printed');
  await ctx.screenshot('load-into-form');

  // Disconnect: Send is disabled with the reason, the saved message's Send too.
  await (await demo.$('[data-testid="disconnect"]')).click();
  await waitFor(async () => /disconnected/i.test(await stateOf(demo)), 10000, { message: 'demo disconnected' });
  await waitFor(async () => !(await (await $t(browser, 'emit-send')).isEnabled()), 5000, { message: 'Send disabled' });
  await waitFor(async () => /not connected/i.test(await (await $t(browser, 'emit-blocked')).getText()), 5000, {
    message: 'the reason beside Send',
  });
  const savedSend = await (await browser.$(itemSel)).$('[data-testid="saved-send"]');
  assert.equal(await savedSend.isEnabled(), false, 'the saved message’s Send is disabled too');
  assert.match(await savedSend.getAttribute('title'), /not connected/i, 'and says why');
  await ctx.screenshot('send-disabled');

  // Remove it, after the confirmation.
  await (await (await browser.$(itemSel)).$('[data-testid="saved-remove"]')).click();
  await (await $t(browser, 'confirm-ok')).click();
  await waitFor(async () => !(await (await browser.$(itemSel)).isExisting()), 10000, { message: 'the saved message removed' });

  // A refused connection says why while it retries.
  const port = await closedPort();
  await (await $t(browser, 'add-server')).click();
  await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
  await (await $t(browser, 'server-name')).setValue('Nobody home');
  await (await $t(browser, 'server-url')).setValue(`127.0.0.1:${port}`);
  await (await $t(browser, 'server-save')).click();
  const nobody = await waitFor(async () => {
    for (const item of await browser.$$('[data-testid="server-item"]')) {
      if ((await item.getText()).includes('Nobody home')) return item;
    }
    return null;
  }, 10000, { message: 'the new server listed' });
  assert.ok((await nobody.getText()).includes(`http://127.0.0.1:${port}`), 'the address was read as http://');
  await (await nobody.$('.server-select')).click();
  await (await nobody.$('[data-testid="connect"]')).click();
  await waitFor(async () => /nothing is listening/i.test(await stateOf(nobody)), 20000, {
    message: 'the card says why it retries',
  });
  await ctx.screenshot('refused-reason');
}
