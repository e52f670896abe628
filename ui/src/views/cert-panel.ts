// A server's certificate that the system does not trust (or that changed since the
// person accepted it), under the main header of that server: said plainly, with its
// SHA-256 fingerprint to compare (selectable, with Copy), "Accept this certificate for
// this server" (saved in the server's profile, then connected again) and Cancel. Only that
// one certificate is trusted, for that one server; verification is never turned off.
import type { App } from '../app';
import { el, frameScheduler, newId, setText } from '../dom';
import { errorText } from '../errors';
import { t } from '../i18n';
import { fingerprintText, trustCertificate } from '../lib/certificate';
import { copyButton } from './copy-button';

export function certPanel(app: App): HTMLElement {
  let shownFor: string | null = null;
  let busy = false;
  const title = el('h3', { class: 'cert-title', testid: 'cert-title', attrs: { id: newId('cert-title'), role: 'alert' } });
  const explain = el('p', { class: 'cert-explain' });
  const fingerprint = el('code', { class: 'cert-fingerprint', testid: 'cert-fingerprint', attrs: { tabindex: 0 } });
  const copy = copyButton({
    testid: 'cert-copy',
    label: t('cert.copy'),
    name: t('cert.copy_named'),
    source: fingerprint,
    copied: t('cert.copied'),
    unavailable: t('cert.copy_unavailable'),
  });
  const error = el('p', { class: 'field-error', attrs: { role: 'alert' } });
  const accept = el('button', {
    class: 'primary',
    testid: 'cert-accept',
    text: t('cert.accept'),
    attrs: { type: 'button' },
    on: { click: () => void onAccept() },
  });
  const cancel = el('button', {
    testid: 'cert-cancel',
    text: t('cert.cancel'),
    attrs: { type: 'button' },
    on: { click: () => shownFor !== null && app.store.apply({ type: 'ui/cert_done', id: shownFor }) },
  });
  const element = el('section', { class: 'cert-panel', testid: 'cert-panel', attrs: { 'aria-labelledby': title.id } }, [
    title,
    explain,
    el('div', { class: 'cert-fp-row' }, [el('span', { class: 'cert-fp-label', text: t('cert.fingerprint') }), fingerprint]),
    el('div', { class: 'control-row' }, [copy.button, copy.status]),
    el('div', { class: 'control-row cert-buttons' }, [accept, cancel]),
    error,
  ]);

  async function onAccept() {
    const id = shownFor;
    const s = app.store.get();
    const offer = id === null ? null : s.conns[id]?.cert;
    const profile = s.profiles.find((p) => p.id === id);
    if (id === null || !offer || !profile || busy) return;
    busy = true;
    accept.disabled = true;
    setText(error, '');
    try {
      const trusted = trustCertificate(profile, offer.sha256);
      const saveError = await app.send({ type: 'save_profile', profile: trusted });
      if (saveError) return setText(error, errorText(saveError));
      app.store.apply({ type: 'ui/cert_done', id });
      await app.send({ type: 'connect', id, options: trusted.options });
    } finally {
      busy = false;
      accept.disabled = false;
    }
  }

  const render = frameScheduler(() => {
    const s = app.store.get();
    const id = s.selected;
    const offer = id === null ? null : (s.conns[id]?.cert ?? null);
    element.hidden = offer === null;
    if (id !== shownFor || offer === null) { copy.reset(); setText(error, ''); }
    shownFor = offer === null ? null : id;
    if (!offer) return;
    element.classList.toggle('changed', offer.changed);
    element.dataset.changed = String(offer.changed);
    setText(title, t(offer.changed ? 'cert.changed' : 'cert.untrusted'));
    setText(explain, t(offer.changed ? 'cert.explain_changed' : 'cert.explain'));
    setText(fingerprint, fingerprintText(offer.sha256));
  });
  app.store.subscribe(render);
  render();
  return element;
}
