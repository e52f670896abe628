// A file's SHA-256, shown on demand under its card, with Copy. Without a clipboard (or
// permission for it) the checksum is selected so the person can copy it by hand.
import { el, later, newId, setText } from '../../dom';
import { t } from '../../i18n';

const SAID_MS = 2000;

export interface ShaBox {
  element: HTMLElement;
  update(sha256: string | undefined): void;
}

export function shaBox(): ShaBox {
  let sha: string | undefined;
  let fade: (() => void) | undefined;
  const value = el('code', { class: 'file-sha-value', testid: 'file-sha-value' });
  const status = el('span', { class: 'hint file-sha-status', attrs: { role: 'status' } });
  const say = (text: string, fades: boolean) => {
    fade?.();
    setText(status, text);
    if (fades) fade = later(() => setText(status, ''), SAID_MS);
  };
  const copy = el('button', {
    class: 'small',
    testid: 'file-sha-copy',
    text: t('files.copy'),
    attrs: { type: 'button' },
    on: {
      click: async () => {
        if (!sha) return;
        try {
          if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
          await navigator.clipboard.writeText(sha);
          say(t('files.copied'), true);
        } catch {
          window.getSelection()?.selectAllChildren(value);
          say(t('files.copy_unavailable'), false);
        }
      },
    },
  });
  const element = el('div', { class: 'file-sha-box', attrs: { id: newId('file-sha') } }, [
    el('span', { class: 'file-sha-label', text: t('files.sha') }),
    value,
    copy,
    status,
  ]);
  return {
    element,
    update(next) {
      sha = next;
      setText(value, next ?? t('files.sha_unknown'));
      value.classList.toggle('muted', !next);
      copy.hidden = !next;
    },
  };
}
