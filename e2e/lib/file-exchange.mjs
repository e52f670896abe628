// The file exchange view: a server file's row, and answering it by dropping a file from
// the desktop on the row (Tauri's drag-drop events at the row's physical centre, since
// WebDriver cannot drag from the desktop).
import { dragEvent } from './drag.mjs';
import { $t, attrIs } from './window.mjs';

export const rowSelector = (serverFileId) => `[data-testid="file-exchange-file"]${attrIs('data-server-file-id', serverFileId)}`;

/** The physical centre of a file's row (Tauri's drag positions are physical pixels), brought into view first. */
export async function rowCentre(browser, serverFileId) {
  await browser.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), rowSelector(serverFileId));
  // Let the scroll settle before measuring.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  const at = await browser.execute((sel) => {
    const row = document.querySelector(sel);
    if (!row) return null;
    const r = row.getBoundingClientRect();
    return { x: Math.round((r.left + r.width / 2) * window.devicePixelRatio), y: Math.round((r.top + r.height / 2) * window.devicePixelRatio) };
  }, rowSelector(serverFileId));
  if (!at) throw new Error(`no row for ${serverFileId}`);
  return at;
}

/** Drop `file` from the desktop on the row of `serverFileId`, checking what the window says while it is dragged. */
export async function dropOn(browser, ctx, serverFileId, file) {
  const position = await rowCentre(browser, serverFileId);
  await dragEvent(browser, 'drag-enter', { paths: [file], position });
  await dragEvent(browser, 'drag-over', { position });
  await ctx.waitFor(async () => (await (await $t(browser, 'drop-overlay')).getText()).includes(`Drop to answer ${serverFileId}`), 5000, {
    message: `the overlay names ${serverFileId} while a file is dragged over its row`,
  });
  await ctx.waitFor(async () => ((await (await browser.$(rowSelector(serverFileId))).getAttribute('class')) || '').includes('drop-here'), 5000, {
    message: `the row of ${serverFileId} is highlighted while dragging`,
  });
  await dragEvent(browser, 'drag-drop', { paths: [file], position });
}
