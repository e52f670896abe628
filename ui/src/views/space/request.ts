// Sending a request of The Space, and refusing one the window will not send; the error
// either way is shown beside the control that sent it (see ../protocol-request). Files
// go with `send_file`: the backend reads them, the window only names their paths.
import type { App } from '../../app';
import type { SpaceAction } from '../../bindings/SpaceAction';
import { errorText } from '../../errors';
import type { SpaceRequest, SpaceSlot } from '../../state/space';
import { sendRemembered } from '../protocol-request';

/** The server request an action becomes (the names its errors carry). `room`: a retried message's. */
export function requestOf(action: SpaceAction, room = ''): SpaceRequest {
  switch (action.type) {
    case 'join':
      return { request: 'join_room', room: action.room, username: action.username };
    case 'leave':
      return { request: 'leave_room', room: action.room };
    case 'message':
      return { request: 'send_message', room: action.room };
    case 'list_users':
      return { request: 'get_room_users', room: action.room };
    case 'retry':
      return { request: 'send_message', room };
  }
}

/** Send `action`; resolves to whether the backend accepted it. */
export function sendSpace(app: App, id: string, action: SpaceAction, room?: string): Promise<boolean> {
  const request = requestOf(action, room);
  return sendRemembered(app, { type: 'space', id, action }, { type: 'ui/space_request', id, request }, (message) => ({
    type: 'ui/space_error',
    id,
    slot: request.request,
    message,
    room: request.room,
  }));
}

/** A request the window refuses itself (an empty message, a join without a name). */
export function refuse(app: App, id: string, slot: SpaceSlot, message: string, room: string | null = null): void {
  app.store.apply({ type: 'ui/space_error', id, slot, message, room });
}

/** Send files to `room`, one by one; a refused one (too large, unreadable) is said beside the composer. */
export async function sendFiles(app: App, id: string, room: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  app.store.apply({ type: 'ui/space_clear', id, slot: 'send_file' });
  for (const path of paths) {
    const error = await app.send({ type: 'send_file', id, path, target: room });
    if (error) refuse(app, id, 'send_file', errorText(error), room);
  }
}
