// Which font stacks theme.css uses: <html data-fonts="generic"> under WebKitGTK (Linux).
// There each family of a stack is looked up through fontconfig, and a family that is not
// installed costs a walk of fontconfig's whole alias list for every weight and size the
// page uses: the full cross-platform stacks kept WebKit's first frame back by about 400 ms
// (make bench-ui; bench/UI.md). WebKitGTK's `system-ui` is such a missing family too, so
// the generic names, which the desktop's fontconfig resolves, draw the same text.

/** True for a user agent of WebKitGTK, whose fonts come from fontconfig. */
export function usesFontconfig(userAgent: string): boolean {
  return /\bLinux\b/.test(userAgent) && !/\bAndroid\b/.test(userAgent);
}

/** Choose the stacks before anything is drawn (a font looked up stays cached). */
export function applyFontStacks(root: HTMLElement = document.documentElement): void {
  if (typeof navigator !== 'undefined' && usesFontconfig(navigator.userAgent)) root.dataset.fonts = 'generic';
}
