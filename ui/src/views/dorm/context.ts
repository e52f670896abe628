// What every part of the dorm view is drawn from, and the error line of one request,
// shown beside the control that sent it.
import type { Profile } from '../../bindings/Profile';
import type { Dorm, DormErrorSlot } from '../../state/dorm';
import { errorLine, type ErrorLine } from '../protocol-request';

export interface DormCtx {
  /** The connection (= profile) id. */
  id: string;
  profile: Profile | null;
  /** Requests can reach the server. */
  online: boolean;
  /** A token is saved for this server (the dorm server knows people only by it). */
  hasToken: boolean;
  dorm: Dorm;
  /** Now, in ms since the epoch (the view ticks it each minute). */
  now: number;
}

/** One part of the dorm view: built once, updated on every state change. */
export interface Part {
  element: HTMLElement;
  update(ctx: DormCtx): void;
}

/** The error line of `slot`, tied to its controls for screen readers. */
export function errorSlot(slot: DormErrorSlot, controls: HTMLElement[] = []): ErrorLine<DormCtx> {
  return errorLine<DormCtx>({
    testid: 'dorm-error',
    idPrefix: 'dorm-err',
    slot,
    controls,
    textOf: (ctx) => ctx.dorm.errors[slot] ?? '',
  });
}
