// A QR code as SVG built with createElementNS (no markup strings), from the
// qrcode-generator package. Dark modules on a light square in both themes: scanners
// read inverted codes badly.
import qrcode from 'qrcode-generator';

const NS = 'http://www.w3.org/2000/svg';
/** The quiet zone around the code, in modules (the standard asks for 4). */
const MARGIN = 4;

/** UTF-8 bytes as a string of char codes 0–255, which the package encodes byte for byte. */
function utf8Bytes(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join('');
}

/** The dark modules as one path: a rectangle per horizontal run. */
export function modulesPath(count: number, isDark: (row: number, col: number) => boolean): string {
  const parts: string[] = [];
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count; ) {
      if (!isDark(r, c)) {
        c++;
        continue;
      }
      let end = c + 1;
      while (end < count && isDark(r, end)) end++;
      parts.push(`M${c + MARGIN} ${r + MARGIN}h${end - c}v1h${c - end}z`);
      c = end;
    }
  }
  return parts.join('');
}

/** The QR code of `text`, or null when it cannot be made (far too long). */
export function qrSvg(text: string, label: string): SVGSVGElement | null {
  let code: ReturnType<typeof qrcode>;
  try {
    code = qrcode(0, 'M');
    code.addData(utf8Bytes(text), 'Byte');
    code.make();
  } catch {
    return null;
  }
  const count = code.getModuleCount();
  const size = count + 2 * MARGIN;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('class', 'qr');
  const title = document.createElementNS(NS, 'title');
  title.textContent = label;
  const back = document.createElementNS(NS, 'rect');
  back.setAttribute('width', String(size));
  back.setAttribute('height', String(size));
  back.setAttribute('class', 'qr-light');
  const dark = document.createElementNS(NS, 'path');
  dark.setAttribute('d', modulesPath(count, (r, c) => code.isDark(r, c)));
  dark.setAttribute('class', 'qr-dark');
  svg.append(title, back, dark);
  return svg;
}
