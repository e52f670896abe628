// Small line icons as SVG built with createElementNS (no markup strings), so they look
// the same on every system regardless of its fonts.
const PATHS = {
  edit: 'M11.5 2.5l2 2L6 12H4v-2l7.5-7.5z M10 4l2 2',
  trash: 'M3 4.5h10 M6.5 4.5V3h3v1.5 M4.5 4.5l.7 8.5h5.6l.7-8.5 M7 7v4 M9 7v4',
  close: 'M4 4l8 8 M12 4l-8 8',
  clock: 'M8 2.5a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11z M8 5v3l2 1.5',
  check: 'M3 8.5l3 3 7-7',
  alert: 'M8 2.5a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11z M8 5v3.5 M8 11h.01',
  clip: 'M10.5 4.5l-5 5a1.5 1.5 0 0 0 2.1 2.1l5.4-5.4a3 3 0 0 0-4.2-4.2L3.3 7.5a4.5 4.5 0 0 0 6.4 6.4l4-4',
  file: 'M4 1.5h5l3.5 3.5v9.5h-8.5z M9 1.5V5h3.5',
  refresh: 'M13 8a5 5 0 1 1-1.5-3.5 M13 2v3h-3',
  plus: 'M8 3v10 M3 8h10',
  // A window with its sidebar, and which way it moves.
  fold: 'M2.5 3h11v10h-11z M6 3v10 M11 6l-2 2 2 2',
  unfold: 'M2.5 3h11v10h-11z M6 3v10 M9 6l2 2-2 2',
  // A shield with an exclamation mark: a certificate waits for a decision.
  shield: 'M8 1.5l5 2v4c0 3.2-2.2 5.6-5 7c-2.8-1.4-5-3.8-5-7v-4z M8 5v3.5 M8 10.8h.01',
  'chevron-down': 'M4 6l4 4 4-4',
  'chevron-right': 'M6 4l4 4-4 4',
  // A cog: eight teeth around a hole.
  gear:
    'M6.3 3.4L6.7 1.5L9.3 1.5L9.7 3.4L10.1 3.6L11.7 2.5L13.5 4.3L12.4 5.9L12.6 6.3L14.5 6.7L14.5 9.3L12.6 9.7L12.4 10.1' +
    'L13.5 11.7L11.7 13.5L10.1 12.4L9.7 12.6L9.3 14.5L6.7 14.5L6.3 12.6L5.9 12.4L4.3 13.5L2.5 11.7L3.6 10.1L3.4 9.7' +
    'L1.5 9.3L1.5 6.7L3.4 6.3L3.6 5.9L2.5 4.3L4.3 2.5L5.9 3.6z M8 6a2 2 0 1 0 0 4a2 2 0 1 0 0-4z',
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon-svg');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.appendChild(path);
  return svg;
}
