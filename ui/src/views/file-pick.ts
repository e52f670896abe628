// Choosing a PEM file with the native file dialog (tauri-plugin-dialog).
import { open } from '@tauri-apps/plugin-dialog';

/** The chosen path, or null when the person cancelled or no dialog is available. */
export async function pickPemFile(filterName: string): Promise<string | null> {
  try {
    const path = await open({ multiple: false, directory: false, filters: [{ name: filterName, extensions: ['pem', 'crt', 'cer'] }] });
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}
