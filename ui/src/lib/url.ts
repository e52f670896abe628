// Checking a server URL as the person types it, and telling which namespace it names
// (its path, as in the Socket.IO JS client). An address without a scheme
// (`localhost:3000`, `example.com/chat`) is read as `http://…`, as the backend reads it.

export type UrlCheck =
  | {
      ok: true;
      namespace: string;
      /** The URL as it is read and saved: with `http://` in front when no scheme was written. */
      url: string;
      /** True when `http://` was put in front. */
      assumed: boolean;
    }
  | { ok: false; problem: 'required' | 'invalid' | 'scheme' };

const SCHEMES = ['http:', 'https:', 'ws:', 'wss:'];

/** `scheme://` at the start (any scheme: a wrong one is refused by name, not read as a host). */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The URL as it is read: `http://` in front of an address written without a scheme. */
export function withScheme(text: string): string {
  const s = text.trim();
  if (!s || HAS_SCHEME.test(s)) return s;
  // `//host:3000`: a scheme-relative address.
  return `http://${s.replace(/^\/+/, '')}`;
}

export function checkServerUrl(text: string): UrlCheck {
  const s = text.trim();
  if (!s) return { ok: false, problem: 'required' };
  const full = withScheme(s);
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (!SCHEMES.includes(url.protocol)) return { ok: false, problem: 'scheme' };
  if (!url.hostname) return { ok: false, problem: 'invalid' };
  let path = url.pathname || '/';
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded
  }
  return { ok: true, namespace: path.length > 1 ? path.replace(/\/+$/, '') : '/', url: full, assumed: full !== s };
}
