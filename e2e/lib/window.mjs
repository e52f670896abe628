// Steps in the app window shared by the tests.

/** The element with `data-testid` `id`. */
export const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** A CSS attribute selector matching `value` exactly, whatever quotes it holds. */
export const attrIs = (name, value) => `[${name}=${JSON.stringify(value)}]`;

/** The server list's item whose text holds `name`, once it is there. */
export async function itemFor(browser, ctx, name) {
  return ctx.waitFor(async () => {
    for (const item of await browser.$$('[data-testid="server-item"]')) {
      if ((await item.getText()).includes(name)) return item;
    }
    return null;
  }, 15000, { message: `server "${name}" in the list` });
}

/**
 * Add a server through the form (its protocol and token when given), select it, connect,
 * and wait until it says it is connected. Returns its list item.
 */
export async function addServer(browser, ctx, name, url, { protocol, token } = {}) {
  await (await $t(browser, 'add-server')).click();
  await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
  await (await $t(browser, 'server-name')).setValue(name);
  await (await $t(browser, 'server-url')).setValue(url);
  if (protocol) await (await $t(browser, 'server-protocol')).selectByAttribute('value', protocol);
  if (token) await (await $t(browser, 'server-token')).setValue(token);
  await (await $t(browser, 'server-save')).click();
  const item = await itemFor(browser, ctx, name);
  await item.click();
  await (await item.$('[data-testid="connect"]')).click();
  await ctx.waitFor(async () => /^connected/i.test((await item.$('[data-testid="conn-state"]').getText()).trim()), 20000, { message: `${name} connected` });
  return item;
}


/** Emit `event` from the console's form with one argument `arg` (JSON text). */
export async function emit(browser, event, arg) {
  const name = await $t(browser, 'emit-event');
  await name.clearValue();
  await name.setValue(event);
  const input = (await browser.$$('[data-testid="emit-arg"]'))[0];
  await input.clearValue();
  await input.setValue(arg);
  await (await $t(browser, 'emit-send')).click();
}

/** Join The Space's room `room` as `name` from the window's join form (its tab is open). */
export async function joinSpaceRoom(browser, ctx, room, name) {
  await (await $t(browser, 'space-join-room')).setValue(room);
  const who = await $t(browser, 'space-join-name');
  await who.clearValue();
  await who.setValue(name);
  await (await $t(browser, 'space-join-submit')).click();
  await ctx.waitFor(async () => (await browser.$$(`[data-testid="space-room-item"]${attrIs('data-room', room)}`)).length === 1, 10000, { message: `${room} joined` });
}
