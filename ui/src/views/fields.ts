// A labelled form field with an optional hint and an error line, wired for screen
// readers (label for=, aria-describedby, aria-invalid).
import { el, newId, setText } from '../dom';

export interface Field {
  element: HTMLElement;
  /** Show (or with '' clear) the error under the field. */
  setError(message: string): void;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export function field(label: string, control: Control, hint?: string | HTMLElement, extra: HTMLElement[] = []): Field {
  control.id ||= newId('field');
  const error = el('p', { class: 'field-error', attrs: { id: newId('err'), role: 'alert' } });
  const hintNode =
    hint === undefined ? null : typeof hint === 'string' ? el('p', { class: 'hint', text: hint }) : hint;
  if (hintNode) hintNode.id ||= newId('hint');
  control.setAttribute('aria-describedby', [hintNode?.id, error.id].filter(Boolean).join(' '));
  return {
    element: el('div', { class: 'field' }, [
      el('label', { text: label, attrs: { for: control.id } }),
      el('div', { class: 'field-control' }, [control, ...extra]),
      hintNode,
      error,
    ]),
    setError(message) {
      setText(error, message);
      control.setAttribute('aria-invalid', String(message !== ''));
    },
  };
}

/** A checkbox with its label to the right, and an optional note below. */
export function checkbox(label: string, checked: boolean, note?: HTMLElement): { element: HTMLElement; input: HTMLInputElement } {
  const input = el('input', { attrs: { type: 'checkbox', id: newId('check') } });
  input.checked = checked;
  if (note) {
    note.id ||= newId('note');
    input.setAttribute('aria-describedby', note.id);
  }
  return {
    input,
    element: el('div', { class: 'field' }, [el('label', { class: 'check' }, [input, label]), note ?? null]),
  };
}
