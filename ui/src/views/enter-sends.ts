// Chat inputs: Enter sends, Shift+Enter breaks the line. Enter while an input method is
// composing (Chinese, Japanese) belongs to the input method, not to us.
export function enterSends(input: HTMLTextAreaElement, send: () => void): void {
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    send();
  });
}
