// The session key, large and easy to read aloud, with Copy and (for the host) a QR code
// for a phone or a second machine.
import { el, later, replace, setText } from '../../dom';
import { t } from '../../i18n';
import type { Part } from './context';
import { qrSvg } from './qr';

const COPIED_MS = 2500;

export function keyCard(): Part {
  let key = '';
  let qrFor: string | null = null;
  let clearStatus: (() => void) | undefined;

  const heading = el('h3');
  const hint = el('p', { class: 'hint sh-key-hint', text: t('session.key_hint') });
  const keyText = el('div', { class: 'sh-key', testid: 'sh-key' });
  const status = el('span', { class: 'sh-copy-status', attrs: { 'aria-live': 'polite' } });
  const say = (text: string, fade: boolean) => {
    clearStatus?.();
    setText(status, text);
    if (fade) clearStatus = later(() => setText(status, ''), COPIED_MS);
  };
  const copy = el('button', {
    testid: 'sh-copy',
    text: t('session.copy'),
    attrs: { type: 'button' },
    on: {
      click: async () => {
        try {
          if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
          await navigator.clipboard.writeText(key);
          say(t('session.copied'), true);
        } catch {
          // No clipboard (or no permission): select the key so the person can copy it.
          window.getSelection()?.selectAllChildren(keyText);
          say(t('session.copy_unavailable'), false);
        }
      },
    },
  });
  const qrBox = el('div', { class: 'sh-qr-code' });
  const qr = el('figure', { class: 'sh-qr', testid: 'sh-qr' }, [
    qrBox,
    el('figcaption', { class: 'hint', text: t('session.qr_hint') }),
  ]);

  return {
    element: el('section', { class: 'card sh-key-card', attrs: { 'aria-label': t('session.key_label') } }, [
      heading,
      el('div', { class: 'sh-key-row' }, [keyText, copy, status]),
      hint,
      qr,
    ]),
    update(c) {
      const k = c.session.sessionKey ?? '';
      if (k !== key) say('', false);
      key = k;
      setText(heading, t(c.phase === 'host' ? 'session.key_label' : 'session.key_joined'));
      setText(keyText, k);
      qr.hidden = c.phase !== 'host' || k === '';
      hint.hidden = c.phase !== 'host';
      if (!qr.hidden && qrFor !== k) {
        qrFor = k;
        replace(qrBox, [qrSvg(k, t('session.qr_label', { key: k }))]);
      }
    },
  };
}
