// A token typed into the server form goes to the OS keyring (a real gnome-keyring here),
// is sent by the backend as auth.token, and is never shown: not in the console, not in
// the ack answer, not when the form is opened again.
const TOKEN = 'e2e-secret-token-5f3a9c';
const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

export async function run(browser, ctx) {
  const { waitFor, assert } = ctx;
  await waitFor(async () => (await browser.$$('[data-testid="server-item"]')).length > 0, 20000, { message: 'server list' });

  await (await $t(browser, 'add-server')).click();
  await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
  await (await $t(browser, 'server-name')).setValue('With token');
  await (await $t(browser, 'server-url')).setValue(ctx.serverUrl);
  await (await $t(browser, 'server-token')).setValue(TOKEN);
  await (await $t(browser, 'server-save')).click();

  const item = await waitFor(async () => {
    for (const i of await browser.$$('[data-testid="server-item"]')) {
      if ((await i.getText()).includes('With token')) return i;
    }
    return null;
  }, 10000, { message: 'the new server' });
  await item.click();
  await (await item.$('[data-testid="connect"]')).click();
  await waitFor(async () => /^connected/i.test((await item.$('[data-testid="conn-state"]').getText()).trim()), 20000, { message: 'connected' });

  // whoami: the server saw auth.token; the window shows it redacted.
  await (await $t(browser, 'emit-event')).setValue('whoami');
  const arg = (await browser.$$('[data-testid="emit-arg"]'))[0];
  await arg.setValue('{"echoing": "' + TOKEN + '"}');
  const ackBox = await $t(browser, 'emit-ack');
  if (!(await ackBox.isSelected())) await ackBox.click();
  await (await $t(browser, 'emit-send')).click();
  const ack = await $t(browser, 'ack-result');
  await waitFor(async () => (await ack.getText()).includes('•••'), 15000, { message: 'redacted token in the ack answer' });

  // Nowhere in the window (the typed argument aside, which the person wrote).
  await arg.clearValue();
  const html = await browser.execute(() => document.body.innerText);
  assert.ok(!html.includes(TOKEN), 'the token appears in the window');
  await ctx.screenshot('token-redacted');

  // Opening the form again says a token is stored, without showing it.
  await (await item.$('[data-testid="edit-server"]')).click();
  await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
  await waitFor(async () => (await $t(browser, 'token-forget')).isDisplayed(), 10000, { message: 'token stored state' });
  assert.equal(await (await $t(browser, 'server-token')).getValue(), '', 'the token field is empty');
  const formText = await browser.execute(() => document.body.innerText);
  assert.ok(!formText.includes(TOKEN));
  await browser.keys('Escape');
}
