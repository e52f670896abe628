// Sending a dorm request, and refusing one the window will not send; the error either way
// is shown beside the control that sent it (see ../protocol-request).
import type { App } from '../../app';
import type { DormAction } from '../../bindings/DormAction';
import type { DormErrorSlot, DormRequest } from '../../state/dorm';
import { sendRemembered } from '../protocol-request';

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
export function sendDorm(app: App, id: string, action: DormAction): Promise<boolean> {
  const request = requestOf(action);
  return sendRemembered(app, { type: 'dorm', id, action }, { type: 'ui/dorm_request', id, request }, (message) => ({
    type: 'ui/dorm_error',
    id,
    request,
    message,
  }));
}

/** A request the window refuses itself (an empty message). */
export function refuse(app: App, id: string, request: DormErrorSlot, message: string): void {
  app.store.apply({ type: 'ui/dorm_error', id, request, message });
}
