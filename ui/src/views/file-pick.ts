// Choosing a PEM file with the native file dialog (run by the backend).
import { chooseFiles } from '../ipc';

/** The chosen path, or null when the person cancelled or no dialog is available. */
export async function pickPemFile(title: string, filterName: string): Promise<string | null> {
  return (await chooseFiles(title, false, { name: filterName, extensions: ['pem', 'crt', 'cer'] }))[0] ?? null;
}
