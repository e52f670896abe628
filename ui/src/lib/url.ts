// Checking a server URL as the person types it, and telling which namespace it names
// (its path, as in the Socket.IO JS client).

export type UrlCheck =
  | { ok: true; namespace: string }
  | { ok: false; problem: 'required' | 'invalid' | 'scheme' };

const SCHEMES = ['http:', 'https:', 'ws:', 'wss:'];

export function checkServerUrl(text: string): UrlCheck {
  const s = text.trim();
  if (!s) return { ok: false, problem: 'required' };
  let url: URL;
  try {
    url = new URL(s);
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
  return { ok: true, namespace: path.length > 1 ? path.replace(/\/+$/, '') : '/' };
}
