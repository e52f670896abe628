// The Space in the real window, against its python-socketio reference server, with a
// second user played by switchboard-cli: join a room, see the other user come and go,
// chat both ways, drop a file on the window (Tauri's drag-drop events, since WebDriver
// cannot drag from the desktop) and see it arrive intact, watch a large file's sending
// progress over a slow uplink, receive a file and preview it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startCli } from '../lib/cli.mjs';
import { startEchoServer } from '../lib/server.mjs';
import { startThrottle } from '../lib/throttle.mjs';
import { dragEvent, invokeCommand } from '../lib/drag.mjs';
import { joinSpaceRoom } from '../lib/window.mjs';

const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;
  const server = await startEchoServer({ root: ctx.root, outDir: ctx.outDir, scriptPath: path.join('servers', 'space', 'server.py'), label: 'space server' });
  const cli = startCli(ctx.root);
  // The window reaches the server through a slow uplink (3 MiB/s), so sending takes a while.
  const slow = await startThrottle(Number(new URL(server.url).port), 3 * 1024 * 1024);
  const slowUrl = `http://127.0.0.1:${slow.port}/`;
  try {
    // Ann (the window) joins first.
    await waitFor(async () => (await browser.$$('[data-testid="server-item"]')).length > 0, 20000, { message: 'server list' });
    await (await $t(browser, 'add-server')).click();
    await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
    await (await $t(browser, 'server-name')).setValue('Space');
    await (await $t(browser, 'server-url')).setValue(slowUrl);
    await (await $t(browser, 'server-protocol')).selectByAttribute('value', 'space');
    await (await $t(browser, 'server-save')).click();
    const item = await waitFor(async () => {
      for (const i of await browser.$$('[data-testid="server-item"]')) if ((await i.getText()).includes('Space')) return i;
      return null;
    }, 10000, { message: 'space server listed' });
    await item.click();
    await (await item.$('[data-testid="connect"]')).click();
    await waitFor(async () => /^connected/i.test((await item.$('[data-testid="conn-state"]').getText()).trim()), 20000, { message: 'connected' });
    await (await $t(browser, 'tab-space')).click();
    await joinSpaceRoom(browser, ctx, 'lobby', 'ann');

    // Bob (the CLI) comes in: the window sees him.
    cli.send({ type: 'connect', id: 'bob', options: { url: server.url, protocol: { kind: 'space' } } });
    await cli.next((m) => m.type === 'connection' && m.state === 'connected');
    cli.send({ type: 'request', id: 'bob', protocol: 'space', action: { type: 'join', room: 'lobby', username: 'bob' } });
    await cli.next((m) => m.type === 'protocol' && m.protocol === 'space' && m.update.type === 'joined');
    const bobShown = () => browser.$('[data-testid="space-user"][data-username="bob"]').isExisting();
    await waitFor(bobShown, 10000, { message: 'bob in the user list' });

    // Chat both ways; markup arrives as text.
    cli.send({ type: 'request', id: 'bob', protocol: 'space', action: { type: 'message', room: 'lobby', text: 'hello <b>ann</b>' } });
    await waitFor(async () => {
      for (const m of await browser.$$('[data-testid="space-message"]')) if ((await m.getText()).includes('hello <b>ann</b>')) return true;
      return false;
    }, 10000, { message: "bob's message, as text" });
    await (await $t(browser, 'space-composer')).setValue('hi bob');
    await browser.keys('Enter');
    const got = await cli.next((m) => m.type === 'protocol' && m.protocol === 'space' && m.update.type === 'entry' && m.update.entry.body.text === 'hi bob');
    assert.equal(got.update.entry.username, 'ann');
    await waitFor(async () => {
      for (const m of await browser.$$('[data-testid="space-message"]')) {
        if ((await m.getText()).includes('hi bob')) return (await m.$('[data-testid="space-mark"]').getAttribute('class')).includes('confirmed');
      }
      return false;
    }, 10000, { message: 'my message confirmed' });

    // A file dropped on the window goes to the room and arrives intact at bob.
    const dropped = path.join(ctx.outDir, 'dropped notes.txt');
    fs.writeFileSync(dropped, 'lines from the desktop\n'.repeat(200));
    const sha = crypto.createHash('sha256').update(fs.readFileSync(dropped)).digest('hex');
    await dragEvent(browser, 'drag-enter', { paths: [dropped], position: { x: 400, y: 300 } });
    await waitFor(() => $t(browser, 'drop-overlay').then((o) => o.isDisplayed()), 5000, { message: 'the drop zone shows while dragging' });
    await ctx.screenshot('space-dragging');
    await dragEvent(browser, 'drag-drop', { paths: [dropped], position: { x: 400, y: 300 } });
    const arrived = await cli.next((m) => m.type === 'file' && m.file.direction === 'received' && m.file.state === 'received');
    assert.equal(arrived.file.name, 'dropped notes.txt');
    assert.equal(arrived.file.sha256, sha, 'the same bytes arrived');
    await waitFor(async () => (await browser.$$('[data-testid="file-card"][data-state="sent"]')).length === 1, 10000, { message: 'my file confirmed in the chat' });

    // A path the page names itself, which the person never chose, is refused in words.
    const unchosen = path.join(ctx.outDir, 'not chosen.txt');
    fs.writeFileSync(unchosen, 'private\n');
    const refused = await invokeCommand(browser, 'dispatch', { action: { type: 'send_file', id: 'demo', path: unchosen, target: 'lobby' } });
    assert.match(refused.refused ?? '', /not chosen in this window/, `a path the page made up is refused (${JSON.stringify(refused)})`);

    // A large file over the slow uplink: its card shows how far it has streamed out.
    const large = path.join(ctx.outDir, 'large.bin');
    fs.writeFileSync(large, crypto.randomBytes(12 * 1024 * 1024));
    const largeSha = crypto.createHash('sha256').update(fs.readFileSync(large)).digest('hex');
    await dragEvent(browser, 'drag-drop', { paths: [large], position: { x: 400, y: 300 } });
    const percent = await waitFor(async () => {
      for (const c of await browser.$$('[data-testid="file-card"][data-state="sending"]')) {
        const m = /Sending… (\d+)%/.exec(await c.getText());
        if (m && (await c.$('[data-testid="file-progress"]').isDisplayed())) return Number(m[1]);
      }
      return null;
    }, 15000, { message: 'the large file shows its sending progress' });
    assert.ok(percent < 100, `sending progress shown while sending (${percent}%)`);
    await ctx.screenshot('space-sending');
    const largeArrived = await cli.next((m) => m.type === 'file' && m.file.direction === 'received' && m.file.name === 'large.bin', 60000);
    assert.equal(largeArrived.file.sha256, largeSha, 'the large file arrived intact');
    await waitFor(async () => (await browser.$$('[data-testid="file-card"][data-state="sent"]')).length === 2, 20000, { message: 'the large file confirmed' });

    // Bob sends a file: it shows in the chat, with a text preview.
    const bobFile = path.join(ctx.outDir, 'from bob.txt');
    fs.writeFileSync(bobFile, 'a note from bob\n<script>alert(1)</script>\n');
    cli.send({ type: 'send_file', id: 'bob', path: bobFile, target: 'lobby' });
    const card = await waitFor(async () => {
      const cards = await browser.$$('[data-testid="file-card"][data-state="received"]');
      return cards.length ? cards[0] : null;
    }, 10000, { message: "bob's file in the chat" });
    await (await card.$('[data-testid="file-preview"]')).click();
    await waitFor(async () => (await card.$('[data-testid="file-preview-text"]').getText()).includes('<script>alert(1)</script>'), 5000, { message: 'the preview, as text' });
    await (await card.$('[data-testid="file-sha"]')).click();
    const bobSha = crypto.createHash('sha256').update(fs.readFileSync(bobFile)).digest('hex');
    await waitFor(async () => (await card.$('[data-testid="file-sha-value"]').getText()).replace(/\s/g, '').toLowerCase() === bobSha, 5000, { message: 'the SHA-256 shown on demand' });
    await ctx.screenshot('space-chat');

    // Bob leaves: the window sees him go.
    cli.send({ type: 'request', id: 'bob', protocol: 'space', action: { type: 'leave', room: 'lobby' } });
    await waitFor(async () => !(await bobShown()), 10000, { message: 'bob gone from the user list' });
  } finally {
    slow.close();
    cli.stop();
    await server.proc.stop();
  }
}
