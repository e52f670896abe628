// Sending a session-host request, and refusing one the window will not send; the error
// either way is shown beside the control that sent it (see ../protocol-request).
import type { Action } from '../../bindings/Action';
import type { App } from '../../app';
import type { RequestKind, SessionRequest } from '../../state/session-host';
import { sendRemembered } from '../protocol-request';

export function actionFor(id: string, request: SessionRequest): Action {
  return request.type === 'simulate'
    ? { type: 'simulate_participants', id, session_key: request.session_key, count: request.count }
    : { type: 'session_host', id, action: request };
}

export async function sendSession(app: App, id: string, request: SessionRequest): Promise<void> {
  await sendRemembered(app, actionFor(id, request), { type: 'ui/session_request', id, request }, (message) => ({
    type: 'ui/session_error',
    id,
    request: request.type,
    message,
  }));
}

/** A request the window refuses itself (an empty field, a count out of range). */
export function refuse(app: App, id: string, request: RequestKind, message: string): void {
  app.store.apply({ type: 'ui/session_error', id, request, message });
}
