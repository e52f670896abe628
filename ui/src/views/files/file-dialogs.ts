// The native file dialogs of the file views: where to save a received file, which files
// to send, or the one that answers a server's file. The dialogs run in the backend, which
// records the paths the person picked; the webview only hands them back in actions.
import * as ipc from '../../ipc';
import { t } from '../../i18n';
import { safeDefaultName } from '../../state/files';

/** The path chosen to save `name` under, or null (cancelled, or no dialog here). */
export function chooseSavePath(name: string): Promise<string | null> {
  return ipc.chooseSavePath(t('files.save_named', { name }), safeDefaultName(name));
}

/** The one file chosen (null when cancelled, or when no dialog is available). */
export async function chooseFile(title: string): Promise<string | null> {
  return (await ipc.chooseFiles(title, false))[0] ?? null;
}

/** The files chosen to send (none when cancelled, or when no dialog is available). */
export function chooseFiles(): Promise<string[]> {
  return ipc.chooseFiles(t('files.choose'), true);
}
