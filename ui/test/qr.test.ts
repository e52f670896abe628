// @vitest-environment jsdom
// The QR code: an SVG whose dark modules are exactly the code's, inside a quiet zone.
import qrcode from 'qrcode-generator';
import { describe, expect, it } from 'vitest';
import { modulesPath, qrSvg } from '../src/views/session-host/qr';

/** The modules a path from `modulesPath` paints, as "row,col" (back in code coordinates). */
function painted(d: string): Set<string> {
  const cells = new Set<string>();
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let c = 0; c < Number(w); c++) cells.add(`${Number(y) - 4},${Number(x) - 4 + c}`);
  }
  return cells;
}

describe('QR code', () => {
  it('paints exactly the dark modules, in runs', () => {
    const code = qrcode(0, 'M');
    code.addData('K7QX2', 'Byte');
    code.make();
    const n = code.getModuleCount();
    const d = modulesPath(n, (r, c) => code.isDark(r, c));
    const want = new Set<string>();
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (code.isDark(r, c)) want.add(`${r},${c}`);
    expect(painted(d)).toEqual(want);
    expect(d.split('M').length - 1).toBeLessThan(want.size); // runs, not one square each
  });

  it('is an accessible SVG with a quiet zone, for any text', () => {
    const svg = qrSvg('ключ-K7', 'QR code of the session key') as SVGSVGElement;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('QR code of the session key');
    expect(svg.querySelector('title')?.textContent).toBe('QR code of the session key');
    const [, , w] = (svg.getAttribute('viewBox') as string).split(' ').map(Number);
    expect(w).toBeGreaterThanOrEqual(21 + 8);
    expect(svg.querySelector('rect.qr-light')).not.toBeNull();
    expect(svg.querySelector('path.qr-dark')?.getAttribute('d')).toMatch(/^M4 4h7/); // the finder pattern's top row
  });

  it('gives up (null) on text too long for any QR code', () => {
    expect(qrSvg('x'.repeat(5000), 'too long')).toBeNull();
  });
});
