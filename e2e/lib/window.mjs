// Steps in the app window shared by the tests.

/** The element with `data-testid` `id`. */
export const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

/**
 * Add a server through the form (its protocol when given), select it, connect, and wait
 * until it says it is connected. Returns its list item.
 */
export async function addServer(browser, ctx, name, url, { protocol } = {}) {
  await (await $t(browser, 'add-server')).click();
  await (await $t(browser, 'server-form')).waitForDisplayed({ timeout: 5000 });
  await (await $t(browser, 'server-name')).setValue(name);
  await (await $t(browser, 'server-url')).setValue(url);
  if (protocol) await (await $t(browser, 'server-protocol')).selectByAttribute('value', protocol);
  await (await $t(browser, 'server-save')).click();
  const item = await ctx.waitFor(async () => {
    for (const i of await browser.$$('[data-testid="server-item"]')) {
      if ((await i.getText()).includes(name)) return i;
    }
    return null;
  }, 10000, { message: `server ${name} listed` });
  await item.click();
  await (await item.$('[data-testid="connect"]')).click();
  await ctx.waitFor(async () => /^connected/i.test((await item.$('[data-testid="conn-state"]').getText()).trim()), 20000, { message: `${name} connected` });
  return item;
}
