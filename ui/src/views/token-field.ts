// The token of a server: typed once into a password field, kept by the backend in the
// OS keyring, never shown again. The form only learns whether one is stored.
import type { App } from '../app';
import { el, frameScheduler, newId, setText } from '../dom';
import { t } from '../i18n';
import { field } from './fields';

export interface TokenField {
  element: HTMLElement;
  /** What was typed ('' when nothing: keep whatever is stored). */
  value(): string;
  /** An extra line under the field about what this server does with the token ('' for none). */
  setNote(text: string): void;
  dispose(): void;
}

export function tokenField(app: App, profileId: string, isNew: boolean): TokenField {
  const input = el('input', {
    testid: 'server-token',
    attrs: { type: 'password', autocomplete: 'off', spellcheck: 'false' },
  });
  const statusText = el('span');
  const forget = el('button', {
    class: 'small',
    text: t('form.token_forget'),
    testid: 'token-forget',
    attrs: { type: 'button' },
    on: { click: () => void app.send({ type: 'delete_token', profile: profileId }) },
  });
  const status = el('p', { class: 'token-status', attrs: { 'aria-live': 'polite' } }, [statusText, forget]);
  const f = field(t('form.token'), input, t('form.token_hint'), []);
  const note = el('p', { class: 'protocol-note', testid: 'server-token-note', attrs: { id: newId('token-note') } });
  note.hidden = true;
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} ${note.id}`);
  f.element.append(note, status);
  const label = f.element.querySelector('label') as HTMLLabelElement;

  const render = frameScheduler(() => {
    const stored = app.store.get().tokens[profileId];
    setText(statusText, stored === true ? t('form.token_stored') : stored === undefined && !isNew ? t('form.token_checking') : '');
    forget.hidden = stored !== true;
    status.hidden = stored === false || (stored === undefined && isNew);
    setText(label, stored ? t('form.token_replace') : t('form.token'));
  });
  const unsubscribe = app.store.subscribe(render);
  render();
  // Ask the keyring once per opening; the answer arrives as a `token_state` update.
  if (!isNew) void app.send({ type: 'token_state', profile: profileId });

  return {
    element: f.element,
    value: () => input.value,
    setNote(text) {
      setText(note, text);
      note.hidden = text === '';
    },
    dispose: unsubscribe,
  };
}
