// Sending a session-host request: it is remembered first (so the server's answer or error
// is tied to it), and a refusal by the backend is shown beside the control that sent it.
import type { Action } from '../../bindings/Action';
import type { App } from '../../app';
import { errorText } from '../../errors';
import type { RequestKind, SessionRequest } from '../../lib/session-host';

export function actionFor(id: string, request: SessionRequest): Action {
  return request.type === 'simulate'
    ? { type: 'simulate_participants', id, session_key: request.session_key, count: request.count }
    : { type: 'session_host', id, action: request };
}

export async function sendSession(app: App, id: string, request: SessionRequest): Promise<void> {
  app.store.apply({ type: 'ui/session_request', id, request });
  const error = await app.send(actionFor(id, request));
  if (error) app.store.apply({ type: 'ui/session_error', id, request: request.type, message: errorText(error) });
}

/** A request the window refuses itself (an empty field, a count out of range). */
export function refuse(app: App, id: string, request: RequestKind, message: string): void {
  app.store.apply({ type: 'ui/session_error', id, request, message });
}
