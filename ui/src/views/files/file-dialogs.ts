// The native file dialogs of the file views (tauri-plugin-dialog): where to save a
// received file, which files to send, or the one that answers a server's file. The
// webview never reads or writes the disk itself; it only hands the chosen paths to the
// backend.
import { open, save } from '@tauri-apps/plugin-dialog';
import { t } from '../../i18n';
import { safeDefaultName } from '../../state/files';

/** The path chosen to save `name` under, or null (cancelled, or no dialog here). */
export async function chooseSavePath(name: string): Promise<string | null> {
  try {
    const path = await save({ defaultPath: safeDefaultName(name), title: t('files.save_named', { name }) });
    return typeof path === 'string' && path !== '' ? path : null;
  } catch {
    return null;
  }
}

/** The one file chosen (null when cancelled, or when no dialog is available). */
export async function chooseFile(title: string): Promise<string | null> {
  try {
    const path = await open({ multiple: false, directory: false, title });
    return typeof path === 'string' && path !== '' ? path : null;
  } catch {
    return null;
  }
}

/** The files chosen to send (none when cancelled, or when no dialog is available). */
export async function chooseFiles(): Promise<string[]> {
  try {
    const paths = await open({ multiple: true, directory: false, title: t('files.choose') });
    if (Array.isArray(paths)) return paths.filter((p): p is string => typeof p === 'string');
    return typeof paths === 'string' ? [paths] : [];
  } catch {
    return [];
  }
}
