// The quick server picker's filter: which saved servers match what was typed. Every word
// typed must appear in the server's name or URL (case and accents aside); servers whose
// name starts with the text come first, then the others, each in the sidebar's order.
import type { Profile } from '../bindings/Profile';

/** Lower case without accents ("Éva" → "eva"), so a plain keyboard finds every name. */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

export function pickServers(profiles: readonly Profile[], query: string): Profile[] {
  const q = foldText(query.trim());
  if (q === '') return [...profiles];
  const words = q.split(/\s+/);
  const starts: Profile[] = [];
  const contains: Profile[] = [];
  for (const p of profiles) {
    const name = foldText(p.name);
    const all = `${name} ${foldText(p.options.url)}`;
    if (!words.every((w) => all.includes(w))) continue;
    (name.startsWith(q) ? starts : contains).push(p);
  }
  return [...starts, ...contains];
}
