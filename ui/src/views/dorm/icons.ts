// The activity icons of the dorm room, drawn for this app: one per code (00 snacks …
// 09 desk) and a neutral one for no activity (also used for codes this window does not
// know). 24×24 grid, 2px round strokes in currentColor, so they follow the theme and
// read at 24 px as well as 48 px. Built with createElementNS: no markup strings.
import { isActivityCode, type ActivityCode } from '../../state/dorm';

const NS = 'http://www.w3.org/2000/svg';

type Shape = (
  | { path: string }
  | { circle: [cx: number, cy: number, r: number] }
  | { rect: [x: number, y: number, w: number, h: number, rx: number] }
) & { dash?: string };

export type IconKey = ActivityCode | 'none';

/** Shared pieces: a desk top with two legs, seen from the front. */
const DESK: Shape = { path: 'M2 17h20M4 17v4M20 17v4' };

const SHAPES: Record<IconKey, Shape[]> = {
  // A cookie with a bite taken out, and its chocolate chips.
  '00': [
    { path: 'M20.6 12.6A8.6 8.6 0 1 1 11.4 3.4a3 3 0 0 0 4 3.6 3 3 0 0 0 5.2 5.6z' },
    { path: 'M8 9h.01M12.5 12.5h.01M8.5 15h.01M15 16.5h.01' },
  ],
  // A toilet from the side: the tank, the seat, the bowl and its foot.
  '01': [
    { rect: [4, 2.5, 6, 8.5, 1] },
    { path: 'M3.5 11h17a6.5 6.5 0 0 1-6.5 6.5h-4A6.5 6.5 0 0 1 3.5 11z' },
    { path: 'M9 17.5 8 21.5h7.5l-1-4' },
  ],
  // A shower: the pipe down the wall, the rose, and falling water.
  '02': [
    { path: 'M4.5 21.5V7A4 4 0 0 1 8.5 3h1.5a3.5 3.5 0 0 1 3.5 3.5' },
    { path: 'M9 10.5a4.5 4.5 0 0 1 9 0z' },
    { path: 'M10.5 14v1.5M13.5 14v1.5M16.5 14v1.5M12 18.5v1.5M15 18.5v1.5' },
  ],
  // A washbasin with its tap, and a drop: washing the face, brushing the teeth.
  '03': [
    { path: 'M3 12h18a6 6 0 0 1-6 6H9a6 6 0 0 1-6-6z' },
    { path: 'M12 18v3.5M9 21.5h6' },
    { path: 'M8 12V6.5A2.5 2.5 0 0 1 10.5 4H13a2 2 0 0 1 2 2' },
    { path: 'M15 9v.01' },
  ],
  // A front-loading washing machine: the panel with its knobs, the door, the wash.
  '04': [
    { rect: [4, 2.5, 16, 19, 2] },
    { path: 'M4 7h16M7.5 4.8h.01M10.5 4.8h.01' },
    { circle: [12, 14, 4.5] },
    { path: 'M9.6 15c1-.8 1.8-.8 2.4 0s1.4.8 2.4 0' },
  ],
  // A bed from the side with someone asleep under the blanket, and a "z".
  '05': [
    { path: 'M2.5 8v13.5M2.5 17.5h19v4' },
    { circle: [6.5, 13, 2] },
    { path: 'M10 17.5v-4.5h8.5a3 3 0 0 1 3 3v1.5' },
    { path: 'M14 3h4l-4 5h4' },
  ],
  // A computer on the desk: the screen, online, on its stand.
  '06': [
    { rect: [4.5, 2.5, 15, 10.5, 1.5] },
    { path: 'M12 13v4' },
    { path: 'M8.5 7a5 5 0 0 1 7 0M10.25 9a2.5 2.5 0 0 1 3.5 0M12 10.75h.01' },
    DESK,
  ],
  // A phone standing on the desk, ringing.
  '07': [
    { rect: [6.5, 3.5, 7, 13.5, 1.5] },
    { path: 'M9.5 6h1' },
    { path: 'M16.5 6.5a3.5 3.5 0 0 1 0 5M19 4.5a7 7 0 0 1 0 9' },
    DESK,
  ],
  // A wardrobe with two doors, their handles, and its feet.
  '08': [
    { rect: [5, 2.5, 14, 17, 1.5] },
    { path: 'M12 2.5v17M9.5 9.5v2.5M14.5 9.5v2.5M7 19.5v2M17 19.5v2' },
  ],
  // The desk with an open book on it: studying.
  '09': [
    { path: 'M12 9C10 7.6 7 7.3 4.5 8v7c2.5-.7 5.5-.4 7.5 1 2-1.4 5-1.7 7.5-1V8c-2.5-.7-5.5-.4-7.5 1z' },
    { path: 'M12 9v7' },
    DESK,
  ],
  // Nothing going on: a rest line in a dashed circle (dashed: "empty", not "off").
  none: [{ path: 'M8 12h8' }, { circle: [12, 12, 8.5], dash: '3.34 3.34' }],
};

export const ICON_KEYS = Object.keys(SHAPES) as IconKey[];

function shape(s: Shape): SVGElement {
  const [tag, attrs]: [string, [string, string | number][]] =
    'path' in s ? ['path', [['d', s.path]]]
    : 'circle' in s ? ['circle', [['cx', s.circle[0]], ['cy', s.circle[1]], ['r', s.circle[2]]]]
    : ['rect', [['x', s.rect[0]], ['y', s.rect[1]], ['width', s.rect[2]], ['height', s.rect[3]], ['rx', s.rect[4]]]];
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of attrs) node.setAttribute(name, String(value));
  if (s.dash) node.setAttribute('stroke-dasharray', s.dash);
  return node;
}

/** A line icon on the 24×24 grid, `size` px wide; decorative (its label is beside it). */
function lineIcon(key: string, shapes: Shape[], size: number, cls: string): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', cls);
  svg.dataset.icon = key;
  for (const s of shapes) svg.appendChild(shape(s));
  return svg;
}

/** The icon of an activity code; none, and any code this window does not know, get the neutral one. */
export function activityIcon(code: string | null, size = 24): SVGSVGElement {
  const key: IconKey = isActivityCode(code) ? code : 'none';
  return lineIcon(key, SHAPES[key], size, 'dorm-icon');
}

/** A small chair for the seat count: filled when someone sits in it. */
export function seatIcon(taken: boolean, size = 14): SVGSVGElement {
  const chair: Shape[] = [{ path: 'M7 3.5h10v8H7z' }, { path: 'M5 11.5h14v3.5H5z' }, { path: 'M6.5 15v6M17.5 15v6' }];
  return lineIcon(taken ? 'seat-taken' : 'seat-free', chair, size, `dorm-seat-icon${taken ? ' taken' : ''}`);
}
