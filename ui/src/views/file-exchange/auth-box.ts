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
  const said = el('p', { class: 'file-exchange-auth-said' });
  const edit = el('button', {
    class: 'small',
    testid: 'file-exchange-edit-server',
    text: t('file_exchange.edit_server'),
    attrs: { type: 'button' },
    on: { click: () => profile && openServerForm(app, profile) },
  });
  const element = el('div', { class: 'warning-box file-exchange-auth-error', testid: 'file-exchange-auth-error', attrs: { role: 'alert' } }, [
    said,
    el('p', { class: 'control-row' }, [el('span', { text: t('file_exchange.auth_hint') }), edit]),
  ]);
  return {
    element,
    update(c) {
      profile = c.profile;
      const message = c.fileExchange.authError;
      element.hidden = message === null;
      setText(said, message === null ? '' : t('file_exchange.auth_error', { message }));
      edit.hidden = c.profile === null;
    },
  };
}
