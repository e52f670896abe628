// Whether keys typed at an element are text: there a letter or a digit is typed, not a
// shortcut (the dorm palette's 0–9, the list of shortcuts' `?`).

/** Whether keys typed at `target` are text (inputs, text areas, selects, editable content). */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(target.type);
}
