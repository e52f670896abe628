// What every part of The Space view is drawn from, and the error line of one request,
// shown beside the control that sent it.
import type { Files } from '../../state/files';
import type { Room, Space, SpaceSlot } from '../../state/space';
import { errorLine, type ErrorLine } from '../protocol-request';

export interface SpaceCtx {
  /** The connection (= profile) id. */
  id: string;
  /** Requests can reach the server. */
  online: boolean;
  space: Space;
  /** The room in view, if any. */
  room: Room | null;
  files: Files;
  /** Now, in ms since the epoch. */
  now: number;
}

/** One part of the view: built once, updated on every state change. */
export interface Part {
  element: HTMLElement;
  update(ctx: SpaceCtx): void;
}

/** The room's composer is open: connected, and in the room in view. */
export const canWrite = (c: SpaceCtx): boolean => c.online && c.room !== null && c.room.joined;

/**
 * The error line of `slot`, tied to its controls for screen readers. An error about one
 * room shows only while that room is in view (a refused message belongs to its room).
 */
export function errorSlot(slot: SpaceSlot, controls: HTMLElement[] = [], perRoom = false): ErrorLine<SpaceCtx> {
  return errorLine<SpaceCtx>({
    testid: 'space-error',
    idPrefix: 'space-err',
    slot,
    controls,
    textOf: (ctx) => {
      const e = ctx.space.errors[slot];
      if (!e) return '';
      return perRoom && e.room !== null && e.room !== ctx.space.current ? '' : e.message;
    },
  });
}
