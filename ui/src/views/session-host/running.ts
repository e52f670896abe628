// Once the session started, a clear state at the top of it: a status pill that says the
// session is running, with its key and how many members it has (for the host and members).
import { el, setText } from '../../dom';
import { t, tn } from '../../i18n';
import type { Part } from './context';

export function runningPill(): Part {
  const key = el('span', { class: 'sh-running-key' });
  const count = el('span', { class: 'sh-running-count' });
  const element = el('p', { class: 'sh-running', testid: 'sh-started', attrs: { role: 'status' } }, [
    el('span', { class: 'sh-running-dot', attrs: { 'aria-hidden': 'true' } }),
    el('strong', { text: t('session.started') }),
    key,
    count,
  ]);
  return {
    element,
    update(c) {
      const s = c.session;
      element.hidden = !s.started;
      setText(key, s.sessionKey === null ? '' : t('session.running_key', { key: s.sessionKey }));
      setText(count, tn('session.members_count', s.members.length));
    },
  };
}
