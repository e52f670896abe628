// What every part of The Space view is drawn from, and the error line of one kind of
// request, shown beside the control that sent it (or the server's own error, at the top).
import type { Files } from '../../state/files';
import { failureOf, type Requests } from '../../state/requests';
import type { Room, Space } from '../../state/space';
import { errorLine, type ErrorLine } from '../protocol-request';

/**
 * Where an error is shown: beside the control of a kind of request (`message`: a message
 * sent or sent again, `send_file`: files sent to the room), or at the top of the view.
 */
export type SpaceSlot = 'join' | 'leave' | 'list_users' | 'message' | 'send_file' | 'general';

/** The kinds of request (state/requests.ts) whose refusal each slot shows. */
const KINDS: Record<Exclude<SpaceSlot, 'general'>, readonly string[]> = {
  join: ['join'],
  leave: ['leave'],
  list_users: ['list_users'],
  message: ['message', 'retry'],
  send_file: ['send_file'],
};

export interface SpaceCtx {
  /** The connection (= profile) id. */
  id: string;
  /** Requests can reach the server. */
  online: boolean;
  space: Space;
  /** The requests of this connection. */
  requests: Requests;
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
      if (slot === 'general') return ctx.space.error ?? '';
      const f = failureOf(ctx.requests, KINDS[slot]);
      if (!f) return '';
      return perRoom && f.key !== null && f.key !== ctx.space.current ? '' : f.message;
    },
  });
}
