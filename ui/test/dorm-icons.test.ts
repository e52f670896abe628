// @vitest-environment jsdom
// The dorm activity icons: eleven distinct drawings on the 24×24 grid in currentColor,
// made only of path/circle/rect (no script, no foreign content, no handlers), each with
// its label from the catalog; an unknown code gets the neutral one.
import { describe, expect, it } from 'vitest';
import { ACTIVITY_CODES } from '../src/state/dorm';
import { activityLabel } from '../src/views/dorm/activity';
import { ICON_KEYS, activityIcon, seatIcon } from '../src/views/dorm/icons';

const NS = 'http://www.w3.org/2000/svg';
const all = () => [...ACTIVITY_CODES.map((c) => activityIcon(c)), activityIcon(null)];
const drawing = (svg: SVGSVGElement) =>
  Array.from(svg.children, (c) => `${c.tagName}:${c.getAttributeNames().sort().map((n) => `${n}=${c.getAttribute(n)}`).join(',')}`).join('|');

describe('activity icons', () => {
  it('one for each code and one for none: eleven, all different', () => {
    expect(ICON_KEYS).toEqual([...ACTIVITY_CODES, 'none']);
    const icons = all();
    expect(icons).toHaveLength(11);
    expect(new Set(icons.map(drawing)).size).toBe(11);
    expect(icons.map((s) => s.dataset.icon)).toEqual([...ACTIVITY_CODES, 'none']);
  });

  it('SVG on a 24×24 grid, 2px round strokes in currentColor, sized as asked', () => {
    for (const svg of all()) {
      expect(svg.namespaceURI).toBe(NS);
      expect(svg.tagName).toBe('svg');
      expect(svg.getAttribute('viewBox')).toBe('0 0 24 24');
      expect(svg.getAttribute('stroke')).toBe('currentColor');
      expect(svg.getAttribute('stroke-width')).toBe('2');
      expect(svg.getAttribute('fill')).toBe('none');
      expect(svg.getAttribute('stroke-linecap')).toBe('round');
      expect(svg.getAttribute('width')).toBe('24');
      expect(svg.getAttribute('aria-hidden')).toBe('true');
    }
    expect(activityIcon('05', 48).getAttribute('height')).toBe('48');
  });

  it('made of path, circle and rect only: no script, no foreign content, no handlers, no links', () => {
    for (const svg of [...all(), seatIcon(true), seatIcon(false)]) {
      const inside = Array.from(svg.querySelectorAll('*'));
      expect(inside.length).toBeGreaterThan(0);
      for (const node of inside) {
        expect(['path', 'circle', 'rect']).toContain(node.tagName);
        expect(node.namespaceURI).toBe(NS);
        expect(node.getAttributeNames().filter((a) => a.startsWith('on') || a.includes('href'))).toEqual([]);
        expect(node.children).toHaveLength(0);
      }
      expect(svg.querySelectorAll('script, foreignObject, image, use, style')).toHaveLength(0);
    }
  });

  it('every coordinate stays on the 24×24 grid', () => {
    for (const svg of all()) {
      for (const node of Array.from(svg.querySelectorAll('path'))) {
        const numbers = (node.getAttribute('d') ?? '').match(/-?\d*\.?\d+/g) ?? [];
        for (const n of numbers) expect(Math.abs(Number(n))).toBeLessThanOrEqual(24);
      }
      for (const node of Array.from(svg.querySelectorAll('circle'))) {
        const [cx, cy, r] = ['cx', 'cy', 'r'].map((a) => Number(node.getAttribute(a)));
        expect(cx - r).toBeGreaterThanOrEqual(0);
        expect(cy + r).toBeLessThanOrEqual(24);
      }
      for (const node of Array.from(svg.querySelectorAll('rect'))) {
        const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(node.getAttribute(a)));
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y + h).toBeLessThanOrEqual(24);
        expect(x + w).toBeLessThanOrEqual(24);
      }
    }
  });

  it('an unknown code is drawn as none', () => {
    for (const code of ['10', '42', 'zz', '', 'none']) expect(drawing(activityIcon(code))).toBe(drawing(activityIcon(null)));
  });

  it('each has its own label; an unknown code names itself', () => {
    const labels = [...ACTIVITY_CODES.map((c) => activityLabel(c)), activityLabel(null)];
    expect(labels).toEqual([
      'Eating snacks', 'Using the toilet', 'Showering', 'Washing up', 'Doing laundry', 'Sleeping',
      'On the internet', 'On the phone', 'Changing clothes', 'Studying', 'No activity',
    ]);
    expect(activityLabel('42')).toBe('Unknown activity (42)');
    expect(activityLabel('<b>x</b>')).toBe('Unknown activity (<b>x</b>)');
  });

  it('seat chairs: taken and free differ', () => {
    expect(seatIcon(true).dataset.icon).toBe('seat-taken');
    expect(seatIcon(false).dataset.icon).toBe('seat-free');
    expect(seatIcon(true).getAttribute('class')).toContain('taken');
  });
});
