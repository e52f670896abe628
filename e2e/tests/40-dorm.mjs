// The dorm room in the real window, against the Flask-SocketIO reference server, with a
// roommate played by switchboard-cli: join with a token from the keyring, set an activity
// (keyboard), see the roommate's activity change, chat both ways.
import path from 'node:path';
import { startCli } from '../lib/cli.mjs';
import { startEchoServer } from '../lib/server.mjs';

const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;
  const server = await startEchoServer({ root: ctx.root, outDir: ctx.outDir, scriptPath: path.join('servers', 'dorm', 'server.py'), label: 'dorm server' });
  const cli = startCli(ctx.root);
  try {
    // Bob (the CLI) is in the room first.
    cli.send({ type: 'save_token', profile: 'e2e-dorm-bob', token: 'tok-bob' });
    await cli.next((m) => m.type === 'token_state' && m.stored);
    cli.send({ type: 'connect', id: 'bob', options: { url: server.url, protocol: { kind: 'dorm' }, token_profile: 'e2e-dorm-bob' } });
    await cli.next((m) => m.type === 'connection' && m.state === 'connected');
    cli.send({ type: 'request', id: 'bob', protocol: 'dorm', action: { type: 'join' } });
    const bobRoom = await cli.next((m) => m.type === 'protocol' && m.protocol === 'dorm' && m.update.type === 'room');
    const bobId = bobRoom.update.me.user_id;

    // Alice (the window): a dorm server with her token.
    await waitFor(async () => (await browser.$$('[data-testid="server-item"]')).length > 0, 20000, { message: 'server list' });
    await (await $t(browser, 'add-server')).click();
    await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
    await (await $t(browser, 'server-name')).setValue('Dorm');
    await (await $t(browser, 'server-url')).setValue(server.url);
    await (await $t(browser, 'server-protocol')).selectByAttribute('value', 'dorm');
    await (await $t(browser, 'server-token')).setValue('tok-alice');
    await (await $t(browser, 'server-save')).click();
    const item = await waitFor(async () => {
      for (const i of await browser.$$('[data-testid="server-item"]')) if ((await i.getText()).includes('Dorm')) return i;
      return null;
    }, 10000, { message: 'dorm server listed' });
    await item.click();
    await (await item.$('[data-testid="connect"]')).click();
    await waitFor(async () => /^connected/i.test((await item.$('[data-testid="conn-state"]').getText()).trim()), 20000, { message: 'connected' });
    await (await $t(browser, 'tab-room')).click();
    await (await $t(browser, 'dorm-join')).click();
    await waitFor(async () => (await (await $t(browser, 'dorm-room-name')).getText()).includes('Room 101'), 10000, { message: 'room card' });
    const bobCell = () => browser.$(`[data-testid="dorm-mate"][data-user-id="${bobId}"]`);
    await waitFor(() => bobCell().isExisting(), 5000, { message: 'bob in the roster' });

    // My activity from the keyboard: 9 = studying; bob hears of it.
    await (await $t(browser, 'dorm-room-name')).click(); // focus the window, not a text field
    await browser.keys('9');
    const heard = await cli.next((m) => m.type === 'protocol' && m.protocol === 'dorm' && m.update.type === 'activity' && m.update.action === '09');
    assert.ok(heard, 'bob heard alice study');

    // Bob's activity changes live in the window.
    cli.send({ type: 'request', id: 'bob', protocol: 'dorm', action: { type: 'set_activity', code: '05' } });
    await waitFor(async () => (await (await bobCell()).getAttribute('data-action')) === '05', 10000, { message: "bob's activity shown" });

    // Chat both ways.
    cli.send({ type: 'request', id: 'bob', protocol: 'dorm', action: { type: 'message', text: 'hello <b>alice</b>' } });
    await waitFor(async () => {
      for (const m of await browser.$$('[data-testid="dorm-message"][data-sender="roommate"]')) {
        if ((await m.getText()).includes('hello <b>alice</b>')) return true;
      }
      return false;
    }, 10000, { message: "bob's message, as text" });
    await (await $t(browser, 'dorm-chat-input')).setValue('hi bob');
    await browser.keys('Enter');
    const got = await cli.next((m) => m.type === 'protocol' && m.protocol === 'dorm' && m.update.type === 'message' && m.update.text === 'hi bob');
    assert.equal(got.update.sender, 'roommate');
    await waitFor(async () => (await browser.$$('[data-testid="dorm-message"][data-sender="me"]')).length > 0, 5000, { message: 'my message shown as mine' });

    const text = await browser.execute(() => document.body.innerText);
    assert.ok(!text.includes('tok-'), 'no token in the window');
    await ctx.screenshot('dorm-room');

    // The activity palette shows without scrolling, at the default size and at 800×600.
    const paletteInView = () =>
      browser.execute(() => {
        const r = document.querySelector('[data-testid="dorm-palette"]')?.getBoundingClientRect();
        return !!r && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
      });
    assert.ok(await paletteInView(), 'the palette in view at the default size');
    await browser.setWindowSize(800, 600);
    await waitFor(async () => (await browser.execute(() => window.innerWidth)) <= 800, 5000, { message: 'the window at 800×600' });
    await ctx.screenshot('dorm-room-800x600');
    await waitFor(paletteInView, 5000, { message: 'the palette in view at 800×600' });
    await browser.setWindowSize(1180, 760);
  } finally {
    cli.stop();
    await server.proc.stop();
  }
}
