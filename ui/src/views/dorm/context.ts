// What every part of the dorm view is drawn from, and the error line of one kind of
// request, shown beside the control that sent it (or the server's own error, at the top).
import type { Profile } from '../../bindings/Profile';
import type { DormAction } from '../../bindings/DormAction';
import type { Dorm } from '../../state/dorm';
import { failureOf, type Requests } from '../../state/requests';
import { errorLine, type ErrorLine } from '../protocol-request';

/** Where an error is shown: beside the control of a kind of request, or at the top of the view. */
export type DormSlot = DormAction['type'] | 'general';

export interface DormCtx {
  /** The connection (= profile) id. */
  id: string;
  profile: Profile | null;
  /** Requests can reach the server. */
  online: boolean;
  /** A token is saved for this server (the dorm server knows people only by it). */
  hasToken: boolean;
  dorm: Dorm;
  /** The requests of this connection. */
  requests: Requests;
  /** Now, in ms since the epoch (the view ticks it each minute). */
  now: number;
}

/** One part of the dorm view: built once, updated on every state change. */
export interface Part {
  element: HTMLElement;
  update(ctx: DormCtx): void;
}

/** The error line of `slot`, tied to its controls for screen readers. */
export function errorSlot(slot: DormSlot, controls: HTMLElement[] = []): ErrorLine<DormCtx> {
  return errorLine<DormCtx>({
    testid: 'dorm-error',
    idPrefix: 'dorm-err',
    slot,
    controls,
    textOf: (ctx) => (slot === 'general' ? ctx.dorm.error : failureOf(ctx.requests, slot)?.message) ?? '',
  });
}
