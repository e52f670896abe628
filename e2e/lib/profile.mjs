// An app profile of a test's own (settings, saved servers, the web view's storage), for a
// test that must not see what earlier tests left: a language chosen in Settings is kept in
// the web view's localStorage, and WebKit writes that to disk a moment later, so an app
// closed right after the choice may or may not have kept it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** XDG folders in a new temporary folder, as the app's environment. */
export function freshProfile(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-e2e-${label}-`));
  return {
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
  };
}
