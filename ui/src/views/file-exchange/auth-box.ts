// The server refused the token: what it said, where to fix it, and a button to open the
// server's settings there.
import type { App } from '../../app';
import type { Profile } from '../../bindings/Profile';
import { el, setText } from '../../dom';
import { t } from '../../i18n';
import { openServerForm } from '../server-form';
import type { Part } from './context';

export function authBox(app: App): Part {
  let profile: Profile | null = null;
  const said = el('p', { class: 'fx-auth-said' });
  const edit = el('button', {
    class: 'small',
    testid: 'fx-edit-server',
    text: t('fx.edit_server'),
    attrs: { type: 'button' },
    on: { click: () => profile && openServerForm(app, profile) },
  });
  const element = el('div', { class: 'warning-box fx-auth-error', testid: 'fx-auth-error', attrs: { role: 'alert' } }, [
    said,
    el('p', { class: 'control-row' }, [el('span', { text: t('fx.auth_hint') }), edit]),
  ]);
  return {
    element,
    update(c) {
      profile = c.profile;
      const message = c.fx.authError;
      element.hidden = message === null;
      setText(said, message === null ? '' : t('fx.auth_error', { message }));
      edit.hidden = c.profile === null;
    },
  };
}
