// File exchange sessions in the real window, against the Node reference server (ПКУ) over
// HTTPS with a self-signed certificate made for the run: the certificate is shown by its
// fingerprint and accepted for this server only, then a session runs to its end. Each of
// the server's files is answered by dropping a file from the desktop on its row (Tauri's
// drag-drop events at the row's physical centre, since WebDriver cannot drag from the
// desktop); the server refuses the first answer (--fail-answers 1), so Retry on that
// answer is tried too.
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startProcess } from '../lib/procs.mjs';
import { withTimeout } from '../lib/util.mjs';
import { dropOn as dropOnRow, rowSelector } from '../lib/file-exchange.mjs';
import { tokenForms } from '../lib/token-forms.mjs';

// A token every encoding changes: it must show in no form in the window.
const TOKEN = 'tok-pku/sec+ret= &ü-42';

const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** A self-signed certificate for 127.0.0.1, made by servers/tools/make_cert.py. */
function makeCert(ctx) {
  const python = process.env.SWITCHBOARD_PYTHON || path.join(ctx.root, '.venv', 'bin', 'python');
  if (!fs.existsSync(python)) throw new Error(`${python} not found: run scripts/install-deps.sh test (or make deps)`);
  const cert = path.join(ctx.outDir, 'pku-cert.pem');
  const key = path.join(ctx.outDir, 'pku-key.pem');
  const r = spawnSync(python, [path.join(ctx.root, 'servers', 'tools', 'make_cert.py'), cert, key], { encoding: 'utf8', timeout: 30000 });
  if (r.status !== 0) throw new Error(`make_cert.py failed (${r.error?.message || `exit ${r.status}`}): ${r.stderr}`);
  return { cert, key };
}

/** The file exchange server on a free port; resolves once it printed `LISTENING <port>`. */
async function startFileExchangeServer(ctx, args) {
  let onPort;
  const portSeen = new Promise((resolve) => (onPort = resolve));
  const proc = startProcess('file exchange server', process.execPath, [path.join('servers', 'file_exchange', 'server.js'), ...args], {
    cwd: ctx.root,
    env: process.env,
    logFile: path.join(ctx.outDir, 'file-exchange-server.log'),
    onStdoutLine: (line) => {
      const m = /^LISTENING (\d+)\s*$/.exec(line);
      if (m) onPort(Number(m[1]));
    },
  });
  const exited = proc.done.then(() => {
    throw new Error(`the file exchange server exited (code ${proc.exitCode}) before listening; see ${proc.logFile}`);
  });
  try {
    const port = await withTimeout(Promise.race([portSeen, exited]), 30000, 'the file exchange server start');
    exited.catch(() => {});
    return { proc, port };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

export async function run(browser, ctx) {
  const { waitFor, assert, log } = ctx;
  const { cert, key } = makeCert(ctx);
  const fingerprint = new crypto.X509Certificate(fs.readFileSync(cert)).fingerprint256; // "AB:CD:…"
  const server = await startFileExchangeServer(ctx, ['--tls-cert', cert, '--tls-key', key, '--port', '0', '--fail-answers', '1', '--tokens', TOKEN]);
  const url = `https://127.0.0.1:${server.port}/pku`;
  log(`file exchange server on ${url}`);

  const answerState = async (serverFileId) => (await browser.$(rowSelector(serverFileId))).getAttribute('data-answer-state');
  const hasRow = async (serverFileId) => browser.$(rowSelector(serverFileId)).isExisting();
  const dropOn = (serverFileId, file) => dropOnRow(browser, ctx, serverFileId, file);

  try {
    // The server, with its token; choosing the protocol switches the transport to WebSocket.
    await waitFor(async () => (await browser.$$('[data-testid="server-item"]')).length > 0, 20000, { message: 'server list' });
    await (await $t(browser, 'add-server')).click();
    await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
    await (await $t(browser, 'server-name')).setValue('PKU');
    await (await $t(browser, 'server-url')).setValue(url);
    await (await $t(browser, 'server-protocol')).selectByAttribute('value', 'file_exchange');
    await waitFor(async () => (await (await $t(browser, 'server-transport')).getValue()) === 'websocket', 3000, {
      message: 'the transport switched to WebSocket when "File exchange sessions" was chosen',
    });
    await (await $t(browser, 'server-answer-limit')).waitForDisplayed({ timeout: 3000 });
    await (await $t(browser, 'server-token')).setValue(TOKEN);
    await (await $t(browser, 'server-save')).click();
    const item = await waitFor(async () => {
      for (const i of await browser.$$('[data-testid="server-item"]')) if ((await i.getText()).includes('PKU')) return i;
      return null;
    }, 10000, { message: 'file exchange server listed' });
    await item.click();
    await (await item.$('[data-testid="connect"]')).click();

    // Not trusted by the system: the window shows the fingerprint and asks.
    const panel = await $t(browser, 'cert-panel');
    await panel.waitForDisplayed({ timeout: 20000, timeoutMsg: 'the certificate panel did not show' });
    assert.match(await (await $t(browser, 'cert-title')).getText(), /not trusted by your system/);
    const shownPrint = await (await $t(browser, 'cert-fingerprint')).getText();
    const norm = (s) => s.replace(/[^0-9a-f]/gi, '').toLowerCase();
    assert.equal(norm(shownPrint), norm(fingerprint), 'the fingerprint shown is the server certificate’s');
    await ctx.screenshot('file-exchange-certificate');
    await (await $t(browser, 'cert-accept')).click();
    await waitFor(async () => /^connected/i.test((await item.$('[data-testid="conn-state"]').getText()).trim()), 20000, {
      message: 'connected once the certificate was accepted',
    });
    assert.equal(await panel.isDisplayed(), false, 'the certificate panel is gone');

    // A session: the first file comes; its text can be previewed.
    await (await $t(browser, 'tab-files')).click();
    await (await $t(browser, 'file-exchange-start')).click();
    const state = await $t(browser, 'file-exchange-state');
    await waitFor(async () => (await state.getAttribute('data-state')) === 'active', 10000, { message: 'the session runs' });
    assert.ok((await (await $t(browser, 'file-exchange-session-id')).getText()).trim().length > 0, 'the session id is shown');
    await waitFor(() => hasRow('file-1'), 10000, { message: 'file-1 arrived' });
    assert.equal(await answerState('file-1'), 'received');
    const row1 = await browser.$(rowSelector('file-1'));
    await (await row1.$('[data-testid="file-exchange-received-file"] [data-testid="file-preview"]')).click();
    await waitFor(async () => (await row1.$('[data-testid="file-preview-text"]').getText()).includes('Task 1: read this file'), 5000, {
      message: 'the preview of file-1, as text',
    });
    assert.match(await (await $t(browser, 'file-exchange-countdown')).getText(), /\d\d:\d\d left to answer file-1/);

    // Answered by a drop on its row; the server refuses it once, Retry sends it again.
    const answer1 = path.join(ctx.outDir, 'answer 1.txt');
    fs.writeFileSync(answer1, 'Ответ на задание №1\nanswer to file-1\n');
    await dropOn('file-1', answer1);
    await waitFor(async () => (await answerState('file-1')) === 'failed', 15000, { message: 'the first answer refused by the server (--fail-answers 1)' });
    const mine1 = await row1.$('[data-testid="file-exchange-answer-file"]');
    assert.match(await (await mine1.$('[data-testid="file-reason"]')).getText(), /storage is busy/);
    await ctx.screenshot('file-exchange-failed-answer');
    await (await mine1.$('[data-testid="file-retry"]')).click();
    await waitFor(async () => (await answerState('file-1')) === 'answered', 15000, { message: 'file-1 answered after Retry' });

    // The next file comes once the last one was answered: the CSV text, then the PNG.
    const answer2 = path.join(ctx.outDir, 'answer-2.csv');
    fs.writeFileSync(answer2, 'id;result\n1;ok\n');
    await waitFor(() => hasRow('file-2'), 10000, { message: 'file-2 arrived' });
    await dropOn('file-2', answer2);
    await waitFor(async () => (await answerState('file-2')) === 'answered', 15000, { message: 'file-2 answered' });

    const answer3 = path.join(ctx.outDir, 'answer-3.png');
    fs.writeFileSync(
      answer3,
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=', 'base64'),
    );
    await waitFor(() => hasRow('file-3'), 10000, { message: 'file-3 arrived' });
    const row3 = await browser.$(rowSelector('file-3'));
    assert.equal(await (await row3.$('[data-testid="file-exchange-received-file"] [data-testid="file-preview"]')).isDisplayed(), false, 'a PNG offers no text preview');
    await dropOn('file-3', answer3);
    await waitFor(async () => (await answerState('file-3')) === 'answered', 15000, { message: 'file-3 answered' });

    // All answered: the server finishes the session.
    await waitFor(async () => (await (await $t(browser, 'file-exchange-end')).getText()).includes('Finished: all 3 files answered'), 15000, {
      message: 'the session finished, in words',
    });
    assert.equal(await state.getAttribute('data-state'), 'ended');
    // The session card and the first rows in the picture.
    await browser.execute(() => document.querySelector('[data-testid="file-exchange-view"]')?.scrollIntoView({ block: 'start' }));
    await ctx.screenshot('file-exchange');

    // In no form anywhere in the page: its text, its markup, its inputs' values.
    const page = await browser.execute(() =>
      [document.documentElement.outerHTML, document.body.innerText, ...[...document.querySelectorAll('input, textarea')].map((i) => i.value)].join('\n'),
    );
    for (const form of tokenForms(TOKEN)) assert.ok(!page.includes(form), `the token shows in the window as ${form}`);
  } finally {
    await server.proc.stop();
  }
}
