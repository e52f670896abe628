// Files dragged onto the window from the system. Tauri reports the drag (enter, over,
// drop, leave, with the files' paths) for the whole webview; whichever view takes files
// registers a drop target, and while files are dragged over the window the overlay says
// where they will go ("Drop files to send to general"). A target only takes files while
// it says so (its view on screen, in a room, connected…), so nothing is sent to a room
// the person cannot see. Without a target that takes them, a drag shows nothing.
// A target may care where the files are: it gets the point under the cursor (in CSS
// pixels, Tauri's physical ones divided by the device pixel ratio) to pick what lies
// there, say so in its own words, and highlight it while the drag goes on.
import { getCurrentWebview, type DragDropEvent } from '@tauri-apps/api/webview';
import { el, setText } from '../../dom';
import { t } from '../../i18n';

/** A point in the window's viewport, in CSS pixels (what `elementFromPoint` takes). */
export interface DropPoint {
  x: number;
  y: number;
}

export interface DropTarget {
  /** Where dropped files would go now, in words (a room's name); null: not taking files now. */
  label(at: DropPoint | null): string | null;
  /** The overlay's words for that label, when not "Drop files to send to …". */
  words?(label: string, at: DropPoint | null): string;
  /** Where the files are dragged now (null: dropped, or gone), to highlight what lies there. */
  hover?(at: DropPoint | null): void;
  /** The paths dropped on the window while this target took files, and where. */
  drop(paths: string[], at: DropPoint | null): void;
}

/** Subscribes to the drag events; resolves to the function that ends the subscription. */
export type DragListen = (handler: (event: DragDropEvent) => void) => Promise<() => void>;

export const tauriDragListen: DragListen = (handler) => getCurrentWebview().onDragDropEvent((e) => handler(e.payload));

const targets: DropTarget[] = [];

/**
 * Offer `target` for dropped files; call the returned function to withdraw it. The newest
 * target that takes files at the moment of the drag wins.
 */
export function registerDropTarget(target: DropTarget): () => void {
  targets.push(target);
  return () => {
    const i = targets.indexOf(target);
    if (i >= 0) targets.splice(i, 1);
  };
}

/** The target taking files now, with its words. */
function taker(at: DropPoint | null): { target: DropTarget; label: string } | null {
  for (let i = targets.length - 1; i >= 0; i--) {
    const label = targets[i].label(at);
    if (label !== null) return { target: targets[i], label };
  }
  return null;
}

/** Tauri's physical position over the webview, in CSS pixels. */
export function cssPoint(position: { x: number; y: number } | undefined): DropPoint | null {
  if (!position || !Number.isFinite(position.x) || !Number.isFinite(position.y)) return null;
  const ratio = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
  return { x: position.x / ratio, y: position.y / ratio };
}

export interface DropZone {
  /** The overlay; put it once in the page. */
  element: HTMLElement;
  /** The drag events reach the overlay (false: none can here, say outside the app). */
  ready: Promise<boolean>;
  dispose(): void;
}

export function dropZone(listen: DragListen = tauriDragListen): DropZone {
  const words = el('p', { class: 'drop-words' });
  const element = el('div', { class: 'drop-overlay', testid: 'drop-overlay', attrs: { 'aria-live': 'polite' } }, [words]);
  element.hidden = true;
  /** The target told where the files are, to be told when they are no longer there. */
  let hovered: DropTarget | null = null;
  const hover = (target: DropTarget | null, at: DropPoint | null) => {
    if (hovered && hovered !== target) hovered.hover?.(null);
    hovered = target;
    target?.hover?.(at);
  };
  const hide = () => {
    element.hidden = true;
    hover(null, null);
  };

  const onDrag = (e: DragDropEvent) => {
    switch (e.type) {
      case 'enter':
      case 'over': {
        const at = cssPoint(e.position);
        const now = taker(at);
        if (now) setText(words, now.target.words?.(now.label, at) ?? t('files.drop_to', { target: now.label }));
        element.hidden = now === null;
        hover(now?.target ?? null, at);
        return;
      }
      case 'drop': {
        hide();
        const at = cssPoint(e.position);
        const now = taker(at);
        if (now && e.paths.length > 0) now.target.drop(e.paths, at);
        return;
      }
      case 'leave':
        return hide();
    }
  };

  let stop: (() => void) | null = null;
  let disposed = false;
  // Started in a promise: outside the app, asking for the webview throws at once.
  const ready = Promise.resolve()
    .then(() => listen(onDrag))
    .then(
    (unlisten) => {
      if (disposed) unlisten();
      else stop = unlisten;
      return !disposed;
    },
    () => false, // no drag events here (a plain browser): the Attach button still works
  );
  return {
    element,
    ready,
    dispose() {
      disposed = true;
      stop?.();
      element.remove();
    },
  };
}
