// A newer release, offered in words at the top of the main area: Install and restart, or
// Later. An install that fails says why and offers Install again.
import { el, setText } from '../dom';
import { t } from '../i18n';
import { installUpdate } from '../ipc';
import { currentOffer, dismissOffer, onOfferChange } from '../settings/updates';

/** The banner (hidden while there is no offer) and the function that takes it down. */
export function updateBanner(currentVersion: string): { element: HTMLElement; dispose: () => void } {
  const words = el('p', { testid: 'update-words' });
  const problem = el('p', { class: 'field-error', testid: 'update-problem', attrs: { role: 'alert' } });
  const install = el('button', { class: 'primary small', testid: 'update-install', attrs: { type: 'button' } });
  const later = el('button', { class: 'small', testid: 'update-later', attrs: { type: 'button' }, text: t('updates.later') });
  const element = el('div', { class: 'banner update', testid: 'update-banner', attrs: { role: 'status' } }, [
    words,
    problem,
    el('div', { class: 'banner-buttons' }, [install, later]),
  ]);
  const draw = () => {
    const offer = currentOffer();
    element.hidden = offer === null;
    if (offer) setText(words, t('updates.available', { version: offer.version, current: currentVersion }));
    setText(install, t('updates.install'));
    install.disabled = false;
    problem.hidden = true;
  };
  install.addEventListener('click', () => {
    install.disabled = true;
    setText(install, t('updates.installing'));
    installUpdate().catch((err: unknown) => {
      draw();
      problem.hidden = false;
      setText(problem, t('updates.failed', { reason: err instanceof Error ? err.message : String(err) }));
    });
  });
  later.addEventListener('click', dismissOffer);
  draw();
  return { element, dispose: onOfferChange(draw) };
}
