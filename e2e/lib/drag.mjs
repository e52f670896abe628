// Files dragged onto the window. WebDriver cannot drive a desktop drag, so the tests fire
// Tauri's drag events at the page as the desktop would, and, for a drop, first tell the
// backend the person chose those files (the debug build's `e2e_choose`, on under
// SWITCHBOARD_E2E=1): a path the page names without that is refused, as in the app.

/** Fire `tauri://<name>` (drag-enter, drag-over, drag-drop) with `payload` at the window. */
export async function dragEvent(browser, name, payload) {
  if (name === 'drag-drop' && payload.paths) {
    const chosen = await invokeCommand(browser, 'e2e_choose', { paths: payload.paths });
    if (chosen.refused) throw new Error(`e2e_choose failed: ${chosen.refused}`);
  }
  const emitted = await invokeCommand(browser, 'plugin:event|emit', { event: `tauri://${name}`, payload });
  if (emitted.refused) throw new Error(`emitting ${name} failed: ${emitted.refused}`);
}

/**
 * Call a backend command from the page: `{ value }` or `{ refused }` (the rejection, as
 * text). Not `{ error }`: WebDriver reads a script result of that shape as its own error.
 */
export async function invokeCommand(browser, command, args) {
  return browser.executeAsync(
    (cmd, body, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, body).then(
        (value) => done({ value: value ?? null }),
        (e) => done({ refused: typeof e === 'object' && e !== null ? JSON.stringify(e) : String(e) }),
      );
    },
    command,
    args,
  );
}
