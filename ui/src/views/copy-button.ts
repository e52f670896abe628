// Copy a piece of text (a session id, a fingerprint) with a button; "Copied" shows for
// a moment. Without a clipboard (or permission for it) the text is selected on screen
// instead, and the status says to copy it by hand.
import { el, later, setText } from '../dom';

const SAID_MS = 2000;

export interface CopySpec {
  testid: string;
  label: string;
  /** The button's name for screen readers (what it copies). */
  name: string;
  /** The element showing the text (selected when copying is not possible). */
  source: HTMLElement;
  copied: string;
  unavailable: string;
}

export interface CopyButton {
  button: HTMLButtonElement;
  /** Says "Copied", or how to copy by hand. */
  status: HTMLElement;
  /** The text changed: an old status no longer applies. */
  reset(): void;
}

export function copyButton(spec: CopySpec): CopyButton {
  let fade: (() => void) | undefined;
  const status = el('span', { class: 'hint copy-status', attrs: { role: 'status' } });
  const say = (text: string, fades: boolean) => {
    fade?.();
    setText(status, text);
    if (fades) fade = later(() => setText(status, ''), SAID_MS);
  };
  const button = el('button', {
    class: 'small',
    testid: spec.testid,
    text: spec.label,
    attrs: { type: 'button', 'aria-label': spec.name },
    on: {
      click: async () => {
        const text = spec.source.textContent ?? '';
        if (!text) return;
        try {
          if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
          await navigator.clipboard.writeText(text);
          say(spec.copied, true);
        } catch {
          window.getSelection()?.selectAllChildren(spec.source);
          say(spec.unavailable, false);
        }
      },
    },
  });
  return { button, status, reset: () => say('', false) };
}
