// The floor plan: one cell per seat of the room (2 or 4), the people in it first (me
// marked "you"), then the free seats. Cells are kept by user id, so an activity change
// updates one cell in place (and its highlight is not lost to a redraw).
import { el } from '../../dom';
import { t } from '../../i18n';
import { seatsOf } from '../../state/dorm';
import type { Part } from './context';
import { freeCell, mateCell, type MateCell } from './mate-cell';

export function floor(): Part {
  const cells = new Map<string, MateCell>();
  const free: HTMLLIElement[] = [];
  const grid = el('ul', { class: 'dorm-floor', testid: 'dorm-floor', attrs: { 'aria-label': t('dorm.roommates') } });

  return {
    element: el('section', { class: 'card dorm-roommates', attrs: { 'aria-label': t('dorm.roommates') } }, [
      el('h3', { text: t('dorm.roommates') }),
      grid,
    ]),
    update(c) {
      const seats = seatsOf(c.dorm);
      const wanted: HTMLElement[] = [];
      const keep = new Set<string>();
      let freeN = 0;
      for (const seat of seats) {
        if (seat.kind === 'free') {
          free[freeN] ??= freeCell();
          wanted.push(free[freeN++]);
          continue;
        }
        keep.add(seat.user_id);
        let cell = cells.get(seat.user_id);
        if (!cell) cells.set(seat.user_id, (cell = mateCell()));
        cell.update(seat, c.now);
        wanted.push(cell.element);
      }
      for (const [id, cell] of cells) if (!keep.has(id)) { cell.element.remove(); cells.delete(id); }
      free.slice(freeN).forEach((f) => f.remove());
      wanted.forEach((node, i) => {
        if (grid.children[i] !== node) grid.insertBefore(node, grid.children[i] ?? null);
      });
      grid.dataset.size = String(seats.length);
    },
  };
}
