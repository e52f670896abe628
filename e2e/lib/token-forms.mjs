// Every form a token could take in text: raw, URL-escaped (`+` or `%20` for a space),
// JSON-escaped (non-ASCII as \uXXXX, `/` as `\/`), base64 (standard and URL-safe).
export function tokenForms(token) {
  const form = encodeURIComponent(token).replace(/%20/g, '+');
  const jsonAscii = [...token].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
  const b64 = Buffer.from(token, 'utf8').toString('base64');
  return [token, form, encodeURIComponent(token), jsonAscii, jsonAscii.replace(/\//g, '\\/'), b64, Buffer.from(token, 'utf8').toString('base64url')];
}
