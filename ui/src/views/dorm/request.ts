// Sending a dorm request: it is remembered first (so the server's answer or error is tied
// to it), and a refusal by the backend is shown beside the control that sent it.
import type { App } from '../../app';
import type { DormAction } from '../../bindings/DormAction';
import { errorText } from '../../errors';
import type { DormErrorSlot, DormRequest } from '../../lib/dorm';

/** The server request an action becomes (the names its errors carry). */
export function requestOf(action: DormAction): DormRequest {
  switch (action.type) {
    case 'join':
      return 'join_room';
    case 'leave':
      return 'leave_room';
    case 'message':
      return 'message';
    case 'set_activity':
      return 'action';
  }
}

/** Send `action`; resolves to whether the backend accepted it. */
export async function sendDorm(app: App, id: string, action: DormAction): Promise<boolean> {
  const request = requestOf(action);
  app.store.apply({ type: 'ui/dorm_request', id, request });
  const error = await app.send({ type: 'dorm', id, action });
  if (error) app.store.apply({ type: 'ui/dorm_error', id, request, message: errorText(error) });
  return error === null;
}

/** A request the window refuses itself (an empty message). */
export function refuse(app: App, id: string, request: DormErrorSlot, message: string): void {
  app.store.apply({ type: 'ui/dorm_error', id, request, message });
}
