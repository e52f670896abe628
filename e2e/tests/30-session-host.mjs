// The session host protocol in the real window, against the Flask-SocketIO reference
// server: (1) log in, host a session, add two simulated participants, see them join,
// start it; (2) join a session hosted by switchboard-cli and see it started.
import path from 'node:path';
import { startCli } from '../lib/cli.mjs';
import { startEchoServer } from '../lib/server.mjs';
import { $t, addServer } from '../lib/window.mjs';

async function logIn(browser, ctx, name) {
  await (await $t(browser, 'tab-session')).click();
  await (await $t(browser, 'sh-name')).setValue(name);
  await (await $t(browser, 'sh-login')).click();
  await ctx.waitFor(async () => (await (await $t(browser, 'sh-role')).isDisplayed()), 10000, { message: 'logged in' });
}

const member = (browser, name) => browser.$(`[data-testid="sh-member"][data-name="${name}"]`);

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;
  const server = await startEchoServer({ root: ctx.root, outDir: ctx.outDir, scriptPath: path.join('servers', 'session_host', 'server.py'), label: 'session host server' });
  const cli = startCli(ctx.root);
  try {
    await waitFor(async () => (await browser.$$('[data-testid="server-item"]')).length > 0, 20000, { message: 'server list' });

    // (1) Host in the window.
    await addServer(browser, ctx, 'Sessions', server.url, { protocol: 'session_host' });
    await logIn(browser, ctx, 'Hostess');
    await (await $t(browser, 'sh-create')).click();
    const keyEl = await $t(browser, 'sh-key');
    const key = await waitFor(async () => (await keyEl.getText()).trim(), 10000, { message: 'session key shown' });
    assert.ok((await $t(browser, 'sh-qr')).isExisting(), 'a QR code of the key');
    const start = await $t(browser, 'sh-start');
    assert.ok(await start.isEnabled(), 'Start is enabled for the host');
    const count = await $t(browser, 'sh-sim-count');
    await count.clearValue();
    await count.setValue('2');
    await (await $t(browser, 'sh-sim-add')).click();
    await waitFor(async () => (await member(browser, 'Simulated 1').isExisting()) && (await member(browser, 'Simulated 2').isExisting()), 20000, { message: 'two simulated participants joined' });
    assert.equal((await browser.$$('[data-testid="sh-sim"]')).length, 2);
    await ctx.screenshot('session-host-members');
    await start.click();
    await waitFor(async () => (await $t(browser, 'sh-started')).isDisplayed(), 10000, { message: 'session started' });
    await ctx.screenshot('session-host-started');
    assert.ok(key.length >= 4, `key ${key}`);

    // (2) A session hosted by the CLI; the window joins it.
    cli.send({ type: 'connect', id: 'h', options: { url: server.url, protocol: { kind: 'session_host' } } });
    await cli.next((m) => m.type === 'connection' && m.state === 'connected');
    cli.send({ type: 'request', id: 'h', protocol: 'session_host', action: { type: 'login', name: 'CLI Host' } });
    await cli.next((m) => m.type === 'protocol' && m.protocol === 'session_host' && m.update.type === 'logged_in');
    cli.send({ type: 'request', id: 'h', protocol: 'session_host', action: { type: 'create_session' } });
    const created = await cli.next((m) => m.type === 'protocol' && m.protocol === 'session_host' && m.update.type === 'session_key');
    const cliKey = created.update.session_key;

    await addServer(browser, ctx, 'Join CLI', server.url, { protocol: 'session_host' });
    await logIn(browser, ctx, 'Joiner');
    await (await $t(browser, 'sh-join-key')).setValue(cliKey);
    await (await $t(browser, 'sh-join')).click();
    await waitFor(() => member(browser, 'Joiner').isExisting(), 10000, { message: 'joined as a member' });
    const joined = await cli.next((m) => m.type === 'protocol' && m.protocol === 'session_host' && m.update.type === 'user_connected' && m.update.name === 'Joiner');
    assert.ok(joined, 'the CLI host heard of the joiner');
    assert.ok(!(await (await $t(browser, 'sh-start')).isExisting()) || !(await (await $t(browser, 'sh-start')).isEnabled()), 'a client cannot start');
    cli.send({ type: 'request', id: 'h', protocol: 'session_host', action: { type: 'start', session_key: cliKey } });
    await waitFor(async () => (await $t(browser, 'sh-started')).isDisplayed(), 10000, { message: 'started by the CLI host' });
    await ctx.screenshot('session-joined-started');
  } finally {
    cli.stop();
    await server.proc.stop();
  }
}
