// Hostile text in every view: markup (<img onerror>, <script>, <svg onload>), a
// javascript: URL, bidi controls left open (U+202E, U+2067), very long words and huge or
// NaN-like numbers, sent through the real reference servers by CLI peers (the echo
// server only answers its sender: there the window's own emits come back). In each view:
// nothing ran and no element was made from it, the text shows as those characters, the
// text beside it is not reversed, no long word pushes a box sideways, and a plain
// message sent after it still shows.
// Not covered, because no reference server lets a client choose them: times (each server
// stamps its own messages; 1e16 and "NaN" go as console arguments here, bad times are the
// UI unit tests' part), dorm activities (the server takes only "00".."09"), session keys
// and file exchange session ids (made by the server).
import fs from 'node:fs';
import path from 'node:path';
import { startCli } from '../lib/cli.mjs';
import { dropOn, rowSelector } from '../lib/file-exchange.mjs';
import { HOSTILE as H, assertChecksBite, assertUnharmed, elementWithText, longWord, visibleFileName, waitForText } from '../lib/hostile.mjs';
import { startEchoServer } from '../lib/server.mjs';
import { $t, addServer, attrIs, emit } from '../lib/window.mjs';

const json = (v) => JSON.stringify(v);

/** Disconnect the window from a view's server before the server stops (no reconnecting toasts). */
async function disconnect(ctx, item) {
  await (await item.$('[data-testid="disconnect"]')).click();
  await ctx.waitFor(async () => /^disconnected/i.test((await item.$('[data-testid="conn-state"]').getText()).trim()), 10000, { message: 'disconnected' });
}

/** The console: event names, arguments (the inspector too) and an ack's answer. */
async function consoleView(browser, ctx) {
  const { waitFor } = ctx;
  // The server's name in the list is hostile too (the person typed it).
  const item = await addServer(browser, ctx, `${H.svg} ${H.bidi} echo`, ctx.serverUrl);
  const long = longWord(4000);
  // The server names an event with markup and sends every hostile value back (emit_named).
  const args = [H.script, H.url, H.bidi, H.svg, 1e16, 'NaN', long];
  await emit(browser, 'emit_named', json({ name: H.img, args }));
  const row = await waitFor(() => browser.$(`[data-testid="console-row"][data-direction="in"]${attrIs('data-event', H.img)}`).then(async (r) => (await r.isExisting()) && r), 15000, {
    message: 'the event named with markup',
  });
  // The row: the name as it is, the arguments as JSON (cut after 400 characters).
  await waitForText(ctx, row, [H.img, json(H.script), json(H.url), json(H.bidi), '10000000000000000', '"NaN"'], 'the row');
  await row.click();
  const inspector = await $t(browser, 'inspector');
  await waitForText(ctx, inspector, [H.img, ...args.map((a) => (typeof a === 'string' ? json(a) : String(a)))], 'the inspector');

  // The answer to an acked emit, and an event whose name holds an open U+202E.
  const ack = await $t(browser, 'emit-ack');
  if (!(await ack.isSelected())) await ack.click();
  await emit(browser, 'ack_echo', json([H.img, H.bidi]));
  await waitForText(ctx, await $t(browser, 'ack-result'), [json(H.img), json(H.bidi)], 'the ack answer');
  await ack.click();
  await emit(browser, H.bidi, json(H.script));
  await waitFor(() => browser.$(`[data-testid="console-row"]${attrIs('data-event', H.bidi)}`).isExisting(), 5000, { message: 'the emit named with bidi controls' });
  await assertUnharmed(browser, ctx.assert, 'console');
  await ctx.screenshot('hostile-console');

  // Still working: a plain echo comes back.
  await emit(browser, 'echo', json('plain after the hostile ones'));
  await waitFor(async () => {
    for (const r of await browser.$$('[data-testid="console-row"][data-event="echo"][data-direction="in"]')) {
      if ((await r.getText()).includes('plain after')) return true;
    }
    return false;
  }, 15000, { message: 'a plain echo after the hostile ones' });
  await disconnect(ctx, item);
}

/** A reference server for one view, stopped when `fn` is done. */
async function withServer(ctx, script, extraArgs, fn) {
  const node = script.endsWith('.js');
  const server = await startEchoServer({ root: ctx.root, outDir: ctx.outDir, scriptPath: path.join('servers', script), label: script.split('/')[0], node, extraArgs });
  try {
    return await fn(server.url);
  } finally {
    await server.proc.stop();
  }
}

/** Connect CLI peer `id` with `protocol` (and the keyring profile `token_profile`). */
async function connectPeer(cli, id, url, protocol, extra = {}) {
  cli.send({ type: 'connect', id, options: { url, protocol: { kind: protocol }, ...extra } });
  await cli.next((m) => m.type === 'connection' && m.id === id && m.state === 'connected');
}

/** The Space: room names, user names, message text, file names and contents. */
async function spaceView(browser, ctx, cli) {
  const { waitFor } = ctx;
  await withServer(ctx, 'space/server.py', ['--max-message', '20000'], async (url) => {
    const item = await addServer(browser, ctx, 'Hostile space', url, { protocol: 'space' });
    await (await $t(browser, 'tab-space')).click();
    // Ann (the window) joins rooms named with a javascript: URL, bidi controls and markup.
    const room = H.img;
    for (const name of [H.url, H.bidi, room]) {
      await (await $t(browser, 'space-join-room')).setValue(name);
      const who = await $t(browser, 'space-join-name');
      await who.clearValue();
      await who.setValue('ann');
      await (await $t(browser, 'space-join-submit')).click();
      await waitFor(() => browser.$(`[data-testid="space-room-item"]${attrIs('data-room', name)}`).isExisting(), 10000, { message: `room ${name} joined` });
    }
    await (await browser.$(`[data-testid="space-room-item"]${attrIs('data-room', room)} .space-room-open`)).click();
    await waitForText(ctx, await $t(browser, 'space-room-title'), [room], 'the room title');

    // Peers named with every hostile value join the room: the user list names them.
    const names = [H.script, H.img, H.url, H.bidi, longWord(64)];
    for (const [i, username] of names.entries()) {
      await connectPeer(cli, `space${i}`, url, 'space');
      cli.send({ type: 'request', id: `space${i}`, protocol: 'space', action: { type: 'join', room, username } });
      await cli.next((m) => m.type === 'protocol' && m.protocol === 'space' && m.id === `space${i}` && m.update.type === 'joined');
    }
    await waitForText(ctx, await $t(browser, 'space-users'), names, 'the user list');

    // Each says something hostile (a 20,000-character word too): shown with its author.
    const texts = [longWord(20000), H.img, H.script, H.svg, `${H.bidi} and after`];
    for (const [i, text] of texts.entries()) {
      cli.send({ type: 'request', id: `space${i}`, protocol: 'space', action: { type: 'message', room, text } });
      const row = await elementWithText(browser, ctx, '[data-testid="space-message"]', text, `message ${i} in the chat`, { exact: '[data-testid="space-text"]' });
      await waitForText(ctx, row, [names[i], text], `message ${i}`);
    }

    // Files named with markup, a javascript: URL, bidi controls and a 250-character word
    // (a name is shown up to its 200th character, then "…").
    const dir = fs.mkdtempSync(path.join(ctx.outDir, 'space-files-'));
    const files = [`${H.img}.txt`, `${H.url}.txt`, `${H.bidi}.txt`, `${longWord(246)}.txt`];
    // Direction controls in a file name show as what they are (⟨U+202E⟩), so it cannot pass for another.
    const shown = (name) => visibleFileName(name.length > 200 ? `${name.slice(0, 200)}…` : name);
    let card;
    for (const [i, name] of files.entries()) {
      fs.writeFileSync(path.join(dir, name), `${H.script}\n${H.img}\n`);
      cli.send({ type: 'send_file', id: `space${i}`, path: path.join(dir, name), target: room });
      card = await elementWithText(browser, ctx, '[data-testid="file-card"]', shown(name), `file ${i} in the chat`, { exact: '[data-testid="file-name"]' });
    }
    await (await card.$('[data-testid="file-preview"]')).click();
    await waitForText(ctx, await card.$('[data-testid="file-preview-text"]'), [H.script, H.img], 'the preview');
    await assertUnharmed(browser, ctx.assert, 'The Space');
    await ctx.screenshot('hostile-space');

    // Still working: a plain message comes in, and mine goes out and is confirmed.
    cli.send({ type: 'request', id: 'space0', protocol: 'space', action: { type: 'message', room, text: 'plain after the hostile ones' } });
    await elementWithText(browser, ctx, '[data-testid="space-message"]', 'plain after the hostile ones', 'a plain message after the hostile ones');
    await (await $t(browser, 'space-composer')).setValue('ann is still here');
    await browser.keys('Enter');
    await waitFor(async () => {
      const row = await elementWithText(browser, ctx, '[data-testid="space-message"]', 'ann is still here', 'my message');
      return (await row.getAttribute('data-status')) === 'confirmed';
    }, 10000, { message: 'my message confirmed' });
    for (let i = 0; i < names.length; i++) cli.send({ type: 'disconnect', id: `space${i}` });
    await disconnect(ctx, item);
  });
}

/** The dorm room (a seed of its own): room name, notice, member names, chat. */
async function dormView(browser, ctx, cli) {
  const { waitFor } = ctx;
  const names = [H.script, H.img, H.bidi, longWord(300)];
  const seed = {
    tokens: Object.fromEntries(names.map((username, i) => [`tok-hostile-${i}`, { user_id: i + 1, username }])),
    rooms: [{
      room_id: 1, room_name: H.url, owner_id: 1, room_size: 4, create_time: '2024-03-05 14:07:09',
      notice: [H.img, H.script, H.svg, H.url, H.bidi, longWord(400)].join('\n'), members: [1, 2, 3, 4],
    }],
  };
  const seedFile = path.join(ctx.outDir, 'hostile-dorm-seed.json');
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  await withServer(ctx, 'dorm/server.py', ['--seed', seedFile], async (url) => {
    // The roommates (CLI peers 1..3) are in first: the window learns who is in when it joins.
    for (let i = 1; i < names.length; i++) {
      cli.send({ type: 'save_token', profile: `e2e-hostile-dorm-${i}`, token: `tok-hostile-${i}` });
      await cli.next((m) => m.type === 'token_state' && m.profile === `e2e-hostile-dorm-${i}` && m.stored);
      await connectPeer(cli, `dorm${i}`, url, 'dorm', { token_profile: `e2e-hostile-dorm-${i}` });
      cli.send({ type: 'request', id: `dorm${i}`, protocol: 'dorm', action: { type: 'join' } });
      await cli.next((m) => m.type === 'protocol' && m.protocol === 'dorm' && m.id === `dorm${i}` && m.update.type === 'room');
    }
    const item = await addServer(browser, ctx, 'Hostile dorm', url, { protocol: 'dorm', token: 'tok-hostile-0' });
    await (await $t(browser, 'tab-room')).click();
    await (await $t(browser, 'dorm-join')).click();
    await waitForText(ctx, await $t(browser, 'dorm-room-name'), [H.url], 'the room name');
    await waitForText(ctx, await $t(browser, 'dorm-notice'), seed.rooms[0].notice.split('\n'), 'the notice');
    await waitForText(ctx, await $t(browser, 'dorm-floor'), names, 'the roommates');

    // A roommate says hostile things (in a room of four, a message names no author); another changes activity.
    for (const text of [H.img, H.script, `${H.bidi} and after`, longWord(1000)]) {
      cli.send({ type: 'request', id: 'dorm1', protocol: 'dorm', action: { type: 'message', text } });
      await elementWithText(browser, ctx, '[data-testid="dorm-message"][data-sender="roommate"]', text, 'a roommate’s message', { exact: '.dorm-message-text' });
    }
    cli.send({ type: 'request', id: 'dorm2', protocol: 'dorm', action: { type: 'set_activity', code: '05' } });
    await waitFor(async () => {
      for (const cell of await browser.$$('[data-testid="dorm-mate"][data-action="05"]')) if ((await cell.getText()).includes(H.bidi)) return true;
      return false;
    }, 10000, { message: 'the activity of the roommate named with bidi controls' });
    await assertUnharmed(browser, ctx.assert, 'dorm room');
    await browser.execute(() => {
      // Scroll the tab (only) to the roommates, for the picture.
      const floor = document.querySelector('[data-testid="dorm-floor"]');
      const panel = floor.closest('.tab-panel');
      panel.scrollTop += floor.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    });
    await ctx.screenshot('hostile-dorm');

    // Still working: a plain message comes in, and mine goes out.
    cli.send({ type: 'request', id: 'dorm1', protocol: 'dorm', action: { type: 'message', text: 'plain after the hostile ones' } });
    await elementWithText(browser, ctx, '[data-testid="dorm-message"][data-sender="roommate"]', 'plain after the hostile ones', 'a plain message after the hostile ones');
    await (await $t(browser, 'dorm-chat-input')).setValue('still here');
    await browser.keys('Enter');
    await elementWithText(browser, ctx, '[data-testid="dorm-message"][data-sender="me"]', 'still here', 'my message');
    for (let i = 1; i < names.length; i++) cli.send({ type: 'disconnect', id: `dorm${i}` });
    await disconnect(ctx, item);
  });
}

/** The session host: member names (mine, through the server's login answer, too). */
async function sessionView(browser, ctx, cli) {
  await withServer(ctx, 'session_host/server.py', [], async (url) => {
    const item = await addServer(browser, ctx, 'Hostile sessions', url, { protocol: 'session_host' });
    await (await $t(browser, 'tab-session')).click();
    await (await $t(browser, 'sh-name')).setValue(H.script);
    await (await $t(browser, 'sh-login')).click();
    await (await $t(browser, 'sh-role')).waitForDisplayed({ timeout: 10000 });
    await (await $t(browser, 'sh-create')).click();
    const key = await ctx.waitFor(async () => (await (await $t(browser, 'sh-key')).getText()).trim(), 10000, { message: 'session key' });

    const names = [H.img, H.url, H.bidi, longWord(64), H.svg, 'Plain Pat'];
    const members = await $t(browser, 'sh-members');
    for (const [i, name] of names.entries()) {
      await connectPeer(cli, `sh${i}`, url, 'session_host');
      cli.send({ type: 'request', id: `sh${i}`, protocol: 'session_host', action: { type: 'login', name } });
      await cli.next((m) => m.type === 'protocol' && m.protocol === 'session_host' && m.id === `sh${i}` && m.update.type === 'logged_in');
      cli.send({ type: 'request', id: `sh${i}`, protocol: 'session_host', action: { type: 'join_session', session_key: key } });
      // The last one, plain, shows the list still works after the hostile ones.
      await waitForText(ctx, members, [H.script, ...names.slice(0, i + 1)], `member ${i}`);
    }
    await assertUnharmed(browser, ctx.assert, 'session host');
    await ctx.screenshot('hostile-session');
    await (await $t(browser, 'sh-start')).click();
    await (await $t(browser, 'sh-started')).waitForDisplayed({ timeout: 10000, timeoutMsg: 'the session did not start' });
    for (let i = 0; i < names.length; i++) cli.send({ type: 'disconnect', id: `sh${i}` });
    await disconnect(ctx, item);
  });
}

/** The file exchange (a --files list of its own): the server's file ids and contents, my answers' names. */
async function fileExchangeView(browser, ctx) {
  const { waitFor } = ctx;
  const files = [
    { fileId: H.img, content: `${H.script}\n${H.url}\n${H.bidi} and after\n` },
    { fileId: H.url, content: H.svg },
    { fileId: H.bidi, content: longWord(20000) },
    { fileId: longWord(300), content: H.img },
    { fileId: 'plain-last', content: 'a plain file after the hostile ones\n' },
  ];
  const filesJson = path.join(ctx.outDir, 'hostile-files.json');
  fs.writeFileSync(filesJson, JSON.stringify(files));
  const dir = fs.mkdtempSync(path.join(ctx.outDir, 'answers-'));
  const answerNames = [`${H.img}.txt`, `${H.url}.txt`, `${H.bidi}.txt`, `${longWord(246)}.txt`, 'plain.txt'];
  await withServer(ctx, 'file_exchange/server.js', ['--http', '--files', filesJson], async (url) => {
    const item = await addServer(browser, ctx, 'Hostile files', `${url}/pku`, { protocol: 'file_exchange', token: 'tok-pku' });
    await (await $t(browser, 'tab-files')).click();
    await (await $t(browser, 'file-exchange-start')).click();
    for (const [i, f] of files.entries()) {
      const row = await waitFor(() => browser.$(rowSelector(f.fileId)).then(async (r) => (await r.isExisting()) && r), 15000, { message: `file ${i} arrived` });
      await waitForText(ctx, row, [f.fileId], `the row of file ${i}`);
      await (await row.$('[data-testid="file-exchange-received-file"] [data-testid="file-preview"]')).click();
      const shown = f.content.length > 1000 ? f.content.slice(0, 1000) : f.content.trim();
      await waitForText(ctx, await row.$('[data-testid="file-preview-text"]'), [shown], `the preview of file ${i}`);
      if (i === 3) {
        // Waiting for its answer: the countdown names the long id too.
        await waitForText(ctx, await $t(browser, 'file-exchange-countdown'), [f.fileId], 'the countdown');
        await assertUnharmed(browser, ctx.assert, 'file exchange');
        await ctx.screenshot('hostile-file-exchange');
      }
      // Answered with a file whose name is hostile too.
      const answer = path.join(dir, answerNames[i]);
      fs.writeFileSync(answer, `answer ${i}\n`);
      await dropOn(browser, ctx, f.fileId, answer);
      await waitFor(async () => (await row.getAttribute('data-answer-state')) === 'answered', 15000, { message: `file ${i} answered` });
      await waitForText(ctx, await row.$('[data-testid="file-exchange-answer-file"]'), [visibleFileName(answerNames[i])], `the answer to file ${i}`);
    }
    await waitForText(ctx, await $t(browser, 'file-exchange-end'), [`Finished: all ${files.length} files answered`], 'the end of the session', 15000);
    await assertUnharmed(browser, ctx.assert, 'file exchange, at the end');
    await disconnect(ctx, item);
  });
}

export async function run(browser, ctx) {
  await ctx.waitFor(async () => (await browser.$$('[data-testid="server-item"]')).length > 0, 20000, { message: 'server list' });
  await assertChecksBite(browser, ctx.assert);
  const cli = startCli(ctx.root);
  try {
    await consoleView(browser, ctx);
    await spaceView(browser, ctx, cli);
    await dormView(browser, ctx, cli);
    await sessionView(browser, ctx, cli);
    await fileExchangeView(browser, ctx);
  } finally {
    cli.stop();
  }
}
