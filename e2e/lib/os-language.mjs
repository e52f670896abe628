// The window in the operating system's language: with Language left at "System" in
// Settings, the app asks the OS (WebKitGTK's navigator.language stays en-US whatever LANG
// says) and draws every text in that language.

/** The environment of a desktop session in `locale` (e.g. ru_RU.UTF-8). */
export function localeEnv(locale) {
  return { LANG: locale, LC_ALL: locale, LANGUAGE: locale.split('.')[0] };
}

/** Wait for the window to show `words` (texts of that language), and take its picture. */
export async function expectWindowIn(browser, ctx, words, shot) {
  await ctx.waitFor(async () => {
    const text = await browser.execute(() => document.body.textContent);
    return words.every((w) => text.includes(w));
  }, 20000, { message: `the window in the OS language (${words.join(', ')})` });
  const english = await browser.execute(() => document.body.textContent.includes('Add server'));
  ctx.assert.equal(english, false, 'no English left where the language has its own words');
  await ctx.screenshot(shot);
}
