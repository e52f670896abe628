// @vitest-environment jsdom
// The font stacks: generic names under WebKitGTK (fontconfig), the full stacks elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyFontStacks, usesFontconfig } from '../src/settings/fonts';

const WEBKITGTK = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const MACOS = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const WEBVIEW2 = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

afterEach(() => {
  vi.unstubAllGlobals();
  delete document.documentElement.dataset.fonts;
});

describe('font stacks', () => {
  it('only WebKitGTK looks fonts up through fontconfig', () => {
    expect(usesFontconfig(WEBKITGTK)).toBe(true);
    expect(usesFontconfig(MACOS)).toBe(false);
    expect(usesFontconfig(WEBVIEW2)).toBe(false);
    expect(usesFontconfig(ANDROID)).toBe(false);
  });

  it('marks <html> for the generic stacks under WebKitGTK, and not elsewhere', () => {
    vi.stubGlobal('navigator', { userAgent: MACOS });
    applyFontStacks();
    expect(document.documentElement.dataset.fonts).toBeUndefined();
    vi.stubGlobal('navigator', { userAgent: WEBKITGTK });
    applyFontStacks();
    expect(document.documentElement.dataset.fonts).toBe('generic');
  });
});
