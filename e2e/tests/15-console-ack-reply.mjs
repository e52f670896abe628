// Answering a server's ack request in the real window, against the Node echo server:
// `ask_ack` makes it ask `question` ("what?", 42) and wait for an answer; the row says
// it waits, Reply opens the editor, a bad list is refused in words, `["yes", 7]` goes
// back, the server's `answered` event carries it, and the row says it was answered.
// A request left open when the connection closes can no longer be answered.
import path from 'node:path';
import { startEchoServer } from '../lib/server.mjs';
import { $t, addServer, emit } from '../lib/window.mjs';

const rowsOf = (browser, event, direction) =>
  browser.$$(`[data-testid="console-row"][data-event="${event}"][data-direction="${direction}"]`);

/** The newest incoming `question` row once it shows up in the wanted reply state. */
async function question(browser, ctx, reply, message) {
  return ctx.waitFor(async () => {
    const rows = await rowsOf(browser, 'question', 'in');
    const last = rows[rows.length - 1];
    return last && (await last.getAttribute('data-reply')) === reply && last;
  }, 15000, { message });
}

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;
  const server = await startEchoServer({
    root: ctx.root, outDir: ctx.outDir, node: true, scriptPath: path.join('servers', 'echo_node', 'server.js'), label: 'node echo server',
  });
  try {
    const item = await addServer(browser, ctx, 'E2E Node echo', server.url);

    // The server asks, and waits (long enough for the pictures below on a slow machine).
    await emit(browser, 'ask_ack', '{"timeout": 30}');
    const row = await question(browser, ctx, 'open', 'the question, waiting for an answer');
    assert.equal((await row.$('[data-testid="reply-mark"]').getText()).trim(), 'waiting for your answer');
    await row.click();
    const boxText = async () => (await $t(browser, 'reply-box')).getText();
    await waitFor(async () => (await boxText()).includes('waits for your answer'), 5000, { message: 'the inspector says it waits' });

    // Reply, from the keyboard: the button takes the focus and Enter presses it.
    const reply = await $t(browser, 'ack-reply');
    await browser.execute((b) => b.focus(), reply);
    await browser.keys('Enter');
    const dialog = await $t(browser, 'reply-dialog');
    await dialog.waitForDisplayed({ timeout: 5000 });
    const args = await $t(browser, 'reply-args');
    assert.ok(await args.isFocused(), 'the editor has the focus');

    // A list that is not one is refused in words, and nothing is sent.
    await args.setValue('"yes", 7');
    await (await $t(browser, 'reply-send')).click();
    const error = await $t(browser, 'reply-error');
    await waitFor(async () => /must be a JSON list/.test(await error.getText()), 5000, { message: 'the refusal in words' });
    assert.ok(await dialog.isDisplayed(), 'the editor stays open');

    await args.clearValue();
    await args.setValue('["yes", 7]');
    await waitFor(async () => (await error.getText()) === '', 5000, { message: 'the refusal goes once the list is right' });
    await ctx.screenshot('ack-reply-editor');

    await (await $t(browser, 'reply-send')).click();
    await waitFor(async () => !(await dialog.isExisting()), 5000, { message: 'the editor closes' });

    // The server got the answer: `answered` carries the list of the reply's arguments.
    const answered = await waitFor(async () => (await rowsOf(browser, 'answered', 'in'))[0], 15000, { message: 'the server’s answered event' });
    const preview = (await answered.getText()).replace(/\s+/g, '');
    assert.ok(preview.includes('["yes",7]'), `answered shows ["yes",7]: ${preview}`);
    const acks = await browser.$$('[data-testid="console-row"][data-direction="out"][data-event^="ack #"]');
    assert.equal(acks.length, 1, 'the reply is listed once, as an outgoing ack #N');
    assert.ok((await acks[0].getText()).replace(/\s+/g, '').includes('"yes",7'), 'with its arguments');

    // The question says it was answered; Reply is gone.
    const done = await question(browser, ctx, 'answered', 'the question marked answered');
    assert.equal((await done.$('[data-testid="reply-mark"]').getText()).trim(), 'answered');
    await waitFor(async () => (await boxText()).includes('Answered: "yes", 7'), 5000, { message: 'the inspector says answered' });
    assert.ok(!(await (await $t(browser, 'ack-reply')).isExisting()), 'no Reply any more');
    await ctx.screenshot('ack-reply-answered');

    // The inspector of `answered` shows the list too.
    await answered.click();
    await waitFor(async () => (await (await $t(browser, 'inspector')).getText()).includes('yes'), 5000, { message: 'answered in the inspector' });
    assert.equal((await (await $t(browser, 'inspector')).$('h2').getText()).trim(), 'answered');

    // Asked again, then the connection closes: that request can no longer be answered.
    await emit(browser, 'ask_ack', '{"timeout": 30}');
    await question(browser, ctx, 'open', 'a second question');
    await (await item.$('[data-testid="disconnect"]')).click();
    await waitFor(async () => /disconnected/i.test(await item.$('[data-testid="conn-state"]').getText()), 10000, { message: 'disconnected' });
    const lost = await question(browser, ctx, 'lost', 'the second question marked unanswered');
    await lost.click();
    await waitFor(async () => (await boxText()).includes('can no longer be'), 5000, { message: 'the inspector says it is lost' });
    assert.ok(!(await (await $t(browser, 'ack-reply')).isExisting()), 'no Reply for a lost request');
  } finally {
    await server.proc.stop();
  }
}
