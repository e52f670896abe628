// Notifications, through a real notification service (dunst) on the test's session bus:
// while the window is in front nothing is told; once another window has the focus, a
// message in The Space from someone else shows as a desktop notification naming the room
// and the server, its markup as plain characters; clicking it brings the window forward on
// that server.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startCli } from '../lib/cli.mjs';
import { startProcess } from '../lib/procs.mjs';
import { startEchoServer } from '../lib/server.mjs';
import { addServer, joinSpaceRoom } from '../lib/window.mjs';
import { freshProfile } from '../lib/profile.mjs';

// Its own profile: the window in English whatever language an earlier test chose.
export const appEnv = freshProfile('notify');

const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** The notifications dunst has shown (after closing those still on screen). */
function shownNotifications() {
  execFileSync('dunstctl', ['close-all']);
  const history = JSON.parse(execFileSync('dunstctl', ['history'], { encoding: 'utf8' }));
  return (history.data?.[0] ?? []).map((n) => ({ summary: n.summary?.data ?? '', body: n.body?.data ?? '' }));
}

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;
  const dunst = startProcess('dunst', 'dunst', [], { env: process.env, logFile: path.join(ctx.outDir, 'dunst.log') });
  const server = await startEchoServer({ root: ctx.root, outDir: ctx.outDir, scriptPath: path.join('servers', 'space', 'server.py'), label: 'space server' });
  const cli = startCli(ctx.root);
  try {
    await waitFor(() => {
      try {
        execFileSync('dunstctl', ['is-paused'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    }, 10000, { message: 'dunst on the session bus' });

    await addServer(browser, ctx, 'Notified space', server.url, { protocol: 'space' });
    await (await $t(browser, 'tab-space')).click();
    await joinSpaceRoom(browser, ctx, 'lobby', 'ann');
    cli.send({ type: 'connect', id: 'bob', options: { url: server.url, protocol: { kind: 'space' } } });
    await cli.next((m) => m.type === 'connection' && m.state === 'connected');
    cli.send({ type: 'request', id: 'bob', protocol: 'space', action: { type: 'join', room: 'lobby', username: 'bob' } });
    await cli.next((m) => m.type === 'protocol' && m.protocol === 'space' && m.update.type === 'joined');

    // In front: the message shows in the chat, and nothing is told.
    await waitFor(() => browser.execute(() => document.hasFocus()), 10000, { message: 'the window has the focus' });
    cli.send({ type: 'request', id: 'bob', protocol: 'space', action: { type: 'message', room: 'lobby', text: 'seen in the window' } });
    await waitFor(async () => (await browser.$$('[data-testid="space-message"]')).length >= 1, 10000, { message: 'the first message in the chat' });
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(shownNotifications(), [], 'no notification while the window is in front');

    // Another server is shown, and another window has the focus (Xvfb has no window
    // manager: the root takes it).
    const selected = async (name) => {
      for (const item of await browser.$$('[data-testid="server-item"]')) {
        if ((await item.getText()).includes(name)) return (await item.$('.server-select').getAttribute('aria-current')) === 'true';
      }
      return false;
    };
    await (await browser.$('[data-testid="server-item"][data-id="demo"] .server-select')).click();
    await waitFor(() => selected('Local demo server'), 5000, { message: 'the demo server shown' });
    execFileSync('python3', [path.join(ctx.root, 'e2e', 'tools', 'focus_away.py')]);
    await waitFor(() => browser.execute(() => !document.hasFocus()), 5000, { message: 'the window lost the focus' });
    cli.send({ type: 'request', id: 'bob', protocol: 'space', action: { type: 'message', room: 'lobby', text: 'are you <b>there</b>?' } });
    // Clicked (dunst's default action): the window comes forward on the server it is about.
    await waitFor(() => Number(execFileSync('dunstctl', ['count', 'displayed'], { encoding: 'utf8' }).trim()) >= 1, 10000, {
      message: 'a notification on screen',
    });
    execFileSync('dunstctl', ['action', '0']);
    await waitFor(() => selected('Notified space'), 10000, { message: 'the clicked notification shows its server' });
    await waitFor(() => browser.execute(() => document.hasFocus()), 10000, { message: 'the window has the focus again' });
    const told = await waitFor(() => shownNotifications().find((n) => n.body.includes('there')), 10000, { message: 'a notification of the message' });
    assert.match(told.summary, /lobby/, `the room is named: ${JSON.stringify(told)}`);
    assert.match(told.summary, /Notified space/, `the server is named: ${JSON.stringify(told)}`);
    assert.ok(told.body.includes('bob'), `the sender is named: ${JSON.stringify(told)}`);
    // Sent escaped, so a service that reads the body as markup shows the characters.
    assert.equal(told.body, 'bob: are you &lt;b&gt;there&lt;/b&gt;?');
  } finally {
    cli.stop();
    await server.proc.stop();
    await dunst.stop();
  }
}
