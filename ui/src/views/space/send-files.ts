// Files go to a room with `send_file`: the backend reads them, the window only names their
// paths. The files of one Attach (or one drop) are one request (state/requests.ts, kind
// `send_file`, about the room): done once the backend took them all, refused in the words
// of the last one it refused (too large, unreadable), said beside the composer.
import type { App } from '../../app';
import { errorText } from '../../errors';
import { nextRequestId } from '../protocol-request';

/** Send files to `room`, one by one. */
export async function sendFiles(app: App, id: string, room: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const request = { id: nextRequestId(), kind: 'send_file', key: room };
  app.store.apply({ type: 'ui/request', id, request });
  let refused: string | undefined;
  for (const path of paths) {
    const error = await app.send({ type: 'send_file', id, path, target: room });
    if (error) refused = errorText(error);
  }
  app.store.apply({ type: 'answer', id, request_id: request.id, error: refused });
}
