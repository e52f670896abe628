// Protocol pages draw the selected server's state: once a frame after any change, with
// what belongs to the previous server (typed text, list positions) dropped on a switch.
import type { App } from '../app';
import { frameScheduler, later } from '../dom';
import type { State } from '../state/store';

/**
 * Draw now and after every change. `switched` runs first when another server is selected;
 * `draw` may return a delay in ms after which it runs again with no change (a clock).
 */
export function drawSelected(app: App, switched: () => void, draw: (state: State, id: string, now: number) => number | null | void): void {
  let shown: string | null = null;
  let tick: (() => void) | undefined;
  const render = frameScheduler(() => {
    tick?.();
    const state = app.store.get();
    const id = state.selected;
    if (id !== shown) {
      shown = id;
      switched();
    }
    if (id === null) return;
    const again = draw(state, id, Date.now());
    if (typeof again === 'number') tick = later(render, again);
  });
  app.store.subscribe(render);
  render();
}
