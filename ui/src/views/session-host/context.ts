// What every part of the session view is drawn from, and where an error is shown: beside
// the control whose request caused it while that control is on screen, else at the top.
import type { ConnState } from '../../bindings/ConnState';
import { failureOf, type Requests } from '../../state/requests';
import { HOST, REQUEST_KINDS, type RequestKind, type SessionHost } from '../../state/session-host';
import { errorLine, type ErrorLine } from '../protocol-request';

/** Not logged in; logged in outside a session; in a session as its host, or as a member. */
export type Phase = 'anonymous' | 'lobby' | 'host' | 'client';

export interface SessionCtx {
  /** The connection (= profile) id. */
  id: string;
  /** Requests can reach the server. */
  online: boolean;
  session: SessionHost;
  /** The requests of this connection. */
  requests: Requests;
  phase: Phase;
}

/** One part of the session view: built once, updated on every state change. */
export interface Part {
  element: HTMLElement;
  update(ctx: SessionCtx): void;
}

export function phaseOf(s: SessionHost): Phase {
  if (s.name === null) return 'anonymous';
  if (s.sessionKey === null) return 'lobby';
  // In a session: its host, or any other member (CLIENT, or a role the server names otherwise).
  return s.role === HOST ? 'host' : 'client';
}

export function sessionCtx(id: string, state: ConnState | null, session: SessionHost, requests: Requests): SessionCtx {
  return { id, online: state?.state === 'connected', session, requests, phase: phaseOf(session) };
}

/** In which phases the control of each request is on screen. */
const SHOWN_IN: Record<RequestKind, Phase[]> = {
  login: ['anonymous'],
  logout: ['lobby', 'host', 'client'],
  create_session: ['lobby'],
  join_session: ['lobby'],
  start: ['host'],
  simulate: ['host'],
};

/**
 * The error to show beside the control of `slot` ('general': the top of the view): the
 * refusal of my latest request (any later request clears it), beside its control while that
 * is on screen, else at the top; at the top also the server's own error.
 */
export function errorFor(ctx: SessionCtx, slot: RequestKind | 'general'): string {
  const f = failureOf(ctx.requests, REQUEST_KINDS);
  const placed = f !== null && (SHOWN_IN[f.kind as RequestKind]?.includes(ctx.phase) ?? false);
  if (slot === 'general') return ctx.session.error ?? (f !== null && !placed ? f.message : '');
  return f !== null && placed && f.kind === slot ? f.message : '';
}

/** The error line of one request, tied to its control for screen readers. */
export function errorSlot(slot: RequestKind | 'general', control?: HTMLElement): ErrorLine<SessionCtx> {
  return errorLine<SessionCtx>({
    testid: 'sh-error',
    idPrefix: 'sh-err',
    slot,
    controls: control ? [control] : [],
    textOf: (ctx) => errorFor(ctx, slot),
  });
}
