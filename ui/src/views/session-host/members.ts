// The members of the session by name (in the language's order), growing live; my own name
// and simulated participants are marked. Rows are kept by name, so a new member only adds one.
import { el, setText } from '../../dom';
import { intlLocale, t, tn } from '../../i18n';
import type { Part } from './context';

/** Names in the order of the window's language, case aside ("anna", "Bob", "zoe"). */
export function sortedNames(names: readonly string[]): string[] {
  const collator = new Intl.Collator(intlLocale(), { sensitivity: 'base', numeric: true });
  return [...names].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function members(): Part {
  const rows = new Map<string, HTMLLIElement>();
  const count = el('span', { class: 'muted sh-count' });
  const list = el('ul', { class: 'sh-members', testid: 'sh-members', attrs: { 'aria-label': t('session.members') } });
  const empty = el('p', { class: 'muted', text: t('session.members_empty') });

  const row = (name: string) =>
    el('li', { class: 'sh-member', testid: 'sh-member', attrs: { 'data-name': name } }, [
      el('span', { class: 'sh-member-name', text: name }),
      el('span', { class: 'tag sh-you', text: t('session.you') }),
      el('span', { class: 'tag sh-sim-tag', text: t('session.simulated') }),
    ]);

  return {
    element: el('section', { class: 'card', attrs: { 'aria-label': t('session.members') } }, [
      el('h3', {}, [t('session.members'), ' ', count]),
      list,
      empty,
    ]),
    update(c) {
      const { name: me, sims } = c.session;
      const names = sortedNames(c.session.members);
      const simNames = new Set(sims.map((s) => s.name));
      names.forEach((name, i) => {
        let li = rows.get(name);
        if (!li) rows.set(name, (li = row(name)));
        (li.querySelector('.sh-you') as HTMLElement).hidden = name !== me;
        (li.querySelector('.sh-sim-tag') as HTMLElement).hidden = !simNames.has(name);
        if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
      });
      const keep = new Set(names);
      for (const [name, li] of rows) if (!keep.has(name)) { li.remove(); rows.delete(name); }
      setText(count, tn('session.members_count', names.length));
      empty.hidden = names.length > 0;
    },
  };
}
