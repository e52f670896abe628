// Hostile text for the end-to-end tests, and the checks that it stayed text: nothing in
// the page ran it or became an element, it shows as the characters it is, and bidi
// controls it leaves open do not turn the text around them backwards.

const PWN = 'window.__pwned=1';

/** Strings that are code or markup if a view ever treats text as HTML or as a link. */
export const HOSTILE = {
  img: `<img src=x onerror="${PWN}">`,
  script: `<script>${PWN}</script>`,
  svg: `<svg onload="${PWN}">`,
  url: `javascript:${PWN}`,
  // U+202E (right-to-left override) and U+2067 (right-to-left isolate), never closed.
  bidi: 'bidi\u202Egnp.exe\u2067end',
};

/** One unbroken word of `n` characters whose end can be recognised ("…W-end"). */
export const longWord = (n) => `${'W'.repeat(n - 4)}-end`;

/**
 * What in the page hostile text could have made: `window.__pwned` set, an element its
 * markup would create, an event-handler attribute, a `javascript:` link. [] when none.
 */
export async function injected(browser) {
  return browser.execute(() => {
    const found = [];
    if (window.__pwned !== undefined) found.push(`window.__pwned is ${String(window.__pwned)}`);
    for (const e of document.querySelectorAll('img[src="x"], body script, svg[onload], iframe, object, embed')) {
      found.push(`an element ${e.outerHTML.slice(0, 80)}`);
    }
    for (const e of document.body.querySelectorAll('*')) {
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) found.push(`a handler ${a.name} on <${e.localName}>`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) {
          found.push(`${a.name}="${a.value.slice(0, 60)}" on <${e.localName}>`);
        }
      }
    }
    return found;
  });
}

/**
 * Text laid out backwards though it holds no right-to-left character: a bidi control
 * left open in a neighbouring name reversed it. Each shown text node with two ASCII
 * letters or digits in a row is checked: on one line, the first must be left of the second.
 */
export async function reversedText(browser) {
  return browser.execute(() => {
    const rtl = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
    const found = [];
    const range = document.createRange();
    const box = (node, i) => {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return range.getBoundingClientRect();
    };
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const m = /[A-Za-z0-9]{2}/.exec(n.data);
      if (!m || rtl.test(n.data)) continue;
      const [a, b] = [box(n, m.index), box(n, m.index + 1)];
      if (a.width && b.width && Math.abs(a.top - b.top) < 1 && a.left > b.left) found.push(n.data.slice(0, 60));
    }
    return found;
  });
}

/**
 * Boxes that scroll sideways because something in them is wider than they are (a long
 * word that cannot wrap pushes a whole page sideways). [] when none.
 */
export async function sidewaysScroll(browser) {
  return browser.execute(() =>
    [...document.body.querySelectorAll('*')]
      .filter((e) => /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `<${e.localName} class="${e.className}"> is ${e.scrollWidth} px wide in ${e.clientWidth}`),
  );
}

/** Fails when anything hostile text could do in the page happened (see above). */
export async function assertUnharmed(browser, assert, where) {
  assert.deepEqual(await injected(browser), [], `${where}: hostile text became markup, a handler or a link`);
  assert.deepEqual(await reversedText(browser), [], `${where}: a bidi control left open reversed the text next to it`);
  assert.deepEqual(await sidewaysScroll(browser), [], `${where}: a long word makes a box scroll sideways`);
}

/** Waits until `element`'s visible text holds every one of `values`; says which not. */
export async function waitForText(ctx, element, values, what, timeoutMs = 10000) {
  let missing = values;
  try {
    await ctx.waitFor(async () => {
      const text = await element.getText();
      missing = values.filter((v) => !text.includes(v));
      return missing.length === 0;
    }, timeoutMs);
  } catch (err) {
    const list = missing.map((v) => JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)).join(', ');
    throw new Error(`${what} does not show as text: ${list} (${err.message})`);
  }
}

/**
 * The first element of `selector` whose visible text holds `text`; with `exact`, the one
 * with a descendant matching `exact` whose text is `text`.
 */
export async function elementWithText(browser, ctx, selector, text, what, { exact, timeoutMs = 10000 } = {}) {
  return ctx.waitFor(async () => {
    for (const e of await browser.$$(selector)) {
      if (exact ? (await e.$$(exact).map((d) => d.getText())).includes(text) : (await e.getText()).includes(text)) return e;
    }
    return null;
  }, timeoutMs, { message: what });
}

/**
 * Shows that the checks above can fail in this web view: markup put in with innerHTML
 * becomes an element, an open U+202E in one span reverses the next span, a long word
 * makes a narrow box scroll; each is reported, then removed. (The window's CSP stops the
 * bait's onerror, so `window.__pwned` stays unset even then: it is the element checks
 * that catch markup; `__pwned` would only add to them were the CSP ever loosened.)
 */
export async function assertChecksBite(browser, assert) {
  await browser.execute((img) => {
    const bait = document.createElement('div');
    bait.id = 'hostile-bait';
    bait.innerHTML = `${img}<p><span>\u202Eabc</span> <span>xyz</span></p><div style="overflow: auto; width: 50px">${'W'.repeat(80)}</div>`;
    document.body.appendChild(bait);
  }, HOSTILE.img);
  try {
    assert.ok((await injected(browser)).some((f) => f.includes('img')), 'the check sees an <img> made from markup');
    assert.ok((await reversedText(browser)).includes('xyz'), 'the check sees text reversed by an open U+202E');
    assert.ok((await sidewaysScroll(browser)).some((f) => f.includes('in 50')), 'the check sees a box scrolled sideways');
  } finally {
    await browser.execute(() => {
      document.getElementById('hostile-bait')?.remove();
      delete window.__pwned;
    });
  }
}

/** A file name as the window shows it: direction controls as "⟨U+202E⟩" (ui/src/lib/format.ts). */
export function visibleFileName(name) {
  return name.replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, (c) => `⟨U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
