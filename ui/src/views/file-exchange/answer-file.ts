// Answering one of the server's files with a file (the backend reads it; the window only
// names its path), and asking the server to send one of its files again. Both are
// requests about that server file (state/requests.ts, kinds `send_file` and `retry_file`,
// keyed by its id): done when the backend takes them, and a refusal (too large,
// unreadable, no such file) shows on the file's row.
import type { App } from '../../app';
import type { FileExchangeFile } from '../../state/file-exchange';
import { sendRequest } from '../protocol-request';

/** Answer server file `serverFileId` with the file at `path`. */
export async function answerFile(app: App, id: string, serverFileId: string, path: string): Promise<void> {
  await sendRequest(app, id, { type: 'send_file', id, path, target: serverFileId }, { kind: 'send_file', key: serverFileId });
}

/** Ask the server to send `file` again (through the row's Ask again). */
export function repeatFile(app: App, id: string, file: FileExchangeFile): Promise<boolean> {
  return sendRequest(app, id, { type: 'retry_file', file_id: file.fileId }, { kind: 'retry_file', key: file.serverFileId });
}
