// @vitest-environment jsdom
// Files dragged onto the window: the overlay says where they go while a target takes them,
// and a drop hands the paths (and where, in CSS pixels) to that target; no target, no overlay.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DragDropEvent } from '@tauri-apps/api/webview';
import { dropZone, registerDropTarget, type DragListen, type DropZone } from '../src/views/files/drop-zone';

let emit: (e: DragDropEvent) => void;
let unlistened: number;
const listen: DragListen = async (handler) => {
  emit = handler;
  return () => void unlistened++;
};
const position = { x: 1, y: 1 } as DragDropEvent extends { position: infer P } ? P : never;
const enter = (paths: string[]): DragDropEvent => ({ type: 'enter', paths, position }) as DragDropEvent;
const drop = (paths: string[]): DragDropEvent => ({ type: 'drop', paths, position }) as DragDropEvent;

let zone: DropZone;
const cleanups: (() => void)[] = [];
beforeEach(async () => {
  unlistened = 0;
  zone = dropZone(listen);
  document.body.replaceChildren(zone.element);
  expect(await zone.ready).toBe(true);
});
afterEach(() => {
  zone.dispose();
  for (const f of cleanups.splice(0)) f();
});

describe('drop zone', () => {
  it('no target: a drag shows nothing and a drop goes nowhere', () => {
    emit(enter(['/a.txt']));
    expect(zone.element.hidden).toBe(true);
    emit(drop(['/a.txt']));
    expect(zone.element.hidden).toBe(true);
  });

  it('a target taking files: the overlay names it; the drop hands it the paths', () => {
    const got = vi.fn();
    cleanups.push(registerDropTarget({ label: () => 'general', drop: got }));
    emit(enter(['/a.txt', '/b.png']));
    expect(zone.element.hidden).toBe(false);
    expect(zone.element.dataset.testid).toBe('drop-overlay');
    expect(zone.element.textContent).toBe('Drop files to send to general');
    emit({ type: 'over', position } as DragDropEvent);
    expect(zone.element.hidden).toBe(false);
    emit(drop(['/a.txt', '/b.png']));
    expect(zone.element.hidden).toBe(true);
    // Where: Tauri's physical pixels over the device pixel ratio (1 here).
    expect(got).toHaveBeenCalledWith(['/a.txt', '/b.png'], { x: 1, y: 1 });
  });

  it('leaving hides it; a target not taking files now is skipped; the newest taker wins', () => {
    const older = vi.fn();
    const newer = vi.fn();
    let newerTakes = false;
    cleanups.push(registerDropTarget({ label: () => 'room A', drop: older }));
    const withdraw = registerDropTarget({ label: () => (newerTakes ? 'file server' : null), drop: newer });
    emit(enter(['/x']));
    expect(zone.element.textContent).toBe('Drop files to send to room A');
    emit({ type: 'leave' });
    expect(zone.element.hidden).toBe(true);
    newerTakes = true;
    emit(enter(['/x']));
    expect(zone.element.textContent).toBe('Drop files to send to file server');
    emit(drop(['/x']));
    expect(newer).toHaveBeenCalledOnce();
    expect(older).not.toHaveBeenCalled();
    withdraw();
    emit(drop(['/y']));
    expect(older).toHaveBeenCalledWith(['/y'], { x: 1, y: 1 });
  });

  it('a target that cares where: gets the point in CSS pixels, says its own words, highlights while dragging', () => {
    const ratio = window.devicePixelRatio;
    Object.defineProperty(window, 'devicePixelRatio', { configurable: true, value: 2 });
    try {
      const hovered: (unknown | null)[] = [];
      const got = vi.fn();
      cleanups.push(
        registerDropTarget({
          label: (at) => (at && at.y < 100 ? 'file-1' : ''),
          words: (label) => (label ? `Drop to answer ${label}` : 'Drop on a file'),
          hover: (at) => hovered.push(at),
          drop: got,
        }),
      );
      const at = (x: number, y: number) => ({ x, y }) as DragDropEvent extends { position: infer P } ? P : never;
      emit({ type: 'enter', paths: ['/a'], position: at(100, 100) } as DragDropEvent);
      expect(zone.element.textContent).toBe('Drop to answer file-1');
      emit({ type: 'over', position: at(100, 300) } as DragDropEvent);
      expect(zone.element.textContent).toBe('Drop on a file');
      expect(hovered).toEqual([{ x: 50, y: 50 }, { x: 50, y: 150 }]);
      emit({ type: 'drop', paths: ['/a'], position: at(20, 40) } as DragDropEvent);
      expect(got).toHaveBeenCalledWith(['/a'], { x: 10, y: 20 });
      // Dropped: nothing is dragged over it any more.
      expect(hovered.at(-1)).toBeNull();
    } finally {
      Object.defineProperty(window, 'devicePixelRatio', { configurable: true, value: ratio });
    }
  });

  it('outside the app (no drag events) it says so and stays hidden', async () => {
    const none = dropZone(() => Promise.reject(new Error('no webview')));
    expect(await none.ready).toBe(false);
    expect(none.element.hidden).toBe(true);
    const throws = dropZone(() => {
      throw new Error('no metadata');
    });
    expect(await throws.ready).toBe(false);
  });

  it('dispose stops listening', () => {
    zone.dispose();
    expect(unlistened).toBe(1);
  });
});
