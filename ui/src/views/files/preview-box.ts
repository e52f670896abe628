// The start of a received text file, under its card: plain text in a <pre> (set as text,
// never as markup), saying when only the beginning is shown or that it is not text.
import { el, newId, setText } from '../../dom';
import { t } from '../../i18n';
import type { FilePreview } from '../../state/files';

export interface PreviewBox {
  element: HTMLElement;
  update(preview: FilePreview | undefined, name: string): void;
}

export function previewBox(): PreviewBox {
  const note = el('p', { class: 'hint file-preview-note' });
  // Focusable, so a long preview can be scrolled from the keyboard.
  const text = el('pre', { class: 'file-preview-text', testid: 'file-preview-text', attrs: { tabindex: 0 } });
  const element = el('div', { class: 'file-preview-box', attrs: { id: newId('file-preview') } }, [text, note]);
  return {
    element,
    update(preview, name) {
      const shown = preview?.text ?? null;
      text.hidden = shown === null;
      if (shown !== null) {
        setText(text, shown);
        text.setAttribute('aria-label', t('files.preview_label', { name }));
      }
      const words =
        preview === undefined ? t('files.preview_loading')
        : shown === null ? t('files.preview_none')
        : preview.truncated ? t('files.preview_cut')
        : '';
      setText(note, words);
      note.hidden = words === '';
    },
  };
}
