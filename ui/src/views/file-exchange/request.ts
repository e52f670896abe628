// Sending a request of a file exchange session, answering one of the server's files with
// a file (the backend reads it; the window only names its path), and refusing what the
// window will not send. The error either way shows beside the control or on the file's row.
import type { App } from '../../app';
import type { FileExchangeAction } from '../../bindings/FileExchangeAction';
import { errorText } from '../../errors';
import type { FileExchangeFile, FileExchangeRequestKind, FileExchangeSlot } from '../../state/file-exchange';
import { sendRemembered } from '../protocol-request';

/** The server event an action becomes (the name its errors carry). */
export function requestOf(action: FileExchangeAction): FileExchangeRequestKind {
  switch (action.type) {
    case 'start':
      return 'session-start';
    case 'abort':
      return 'session-client-abort';
    case 'send_logs':
      return 'logs-send';
  }
}

/** Send `action`; resolves to whether the backend accepted it. */
export function sendFileExchange(app: App, id: string, action: FileExchangeAction): Promise<boolean> {
  const request = requestOf(action);
  return sendRemembered(app, { type: 'file_exchange', id, action }, { type: 'ui/file_exchange_request', id, request: { request } }, (message) => ({
    type: 'ui/file_exchange_error',
    id,
    slot: request,
    message,
  }));
}

/** Ask the server to send `file` again (session-file-repeat, through the file's Retry). */
export function repeatFile(app: App, id: string, file: FileExchangeFile): Promise<boolean> {
  const serverFileId = file.serverFileId;
  return sendRemembered(
    app,
    { type: 'retry_file', file_id: file.fileId },
    { type: 'ui/file_exchange_request', id, request: { request: 'session-file-repeat', serverFileId } },
    (message) => ({ type: 'ui/file_exchange_error', id, slot: 'session-file-repeat', message, serverFileId }),
  );
}

/** A request the window refuses itself (two files dropped on one row). */
export function refuse(app: App, id: string, slot: FileExchangeSlot, message: string, serverFileId: string | null = null): void {
  app.store.apply({ type: 'ui/file_exchange_error', id, slot, message, serverFileId });
}

/** Answer server file `serverFileId` with the file at `path`; a refusal (too large, unreadable) shows on its row. */
export async function answerFile(app: App, id: string, serverFileId: string, path: string): Promise<void> {
  app.store.apply({ type: 'ui/file_exchange_clear', id, slot: 'session-file-send' });
  const error = await app.send({ type: 'send_file', id, path, target: serverFileId });
  if (error) refuse(app, id, 'session-file-send', errorText(error), serverFileId);
}
