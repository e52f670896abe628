// The window's global keyboard shortcuts, acted on here (lib/shortcuts.ts says which key
// press is which command). Nothing happens while a dialog is open: it owns the keyboard.
import type { App } from '../app';
import { commandOf, onMac, type Command } from '../lib/shortcuts';
import { isActive } from './conn-state';
import { openServerForm } from './server-form';
import { openServerPicker } from './server-picker';
import { openShortcutsHelp } from './shortcuts-help';
import { isTextField } from './text-field';

/** What the shortcuts reach in the drawn window. */
export interface ShortcutTargets {
  /** Bring the console's event name filter into view and focus it. */
  focusFilter(): void;
}

/** Connect the shown server, or disconnect it when it is connected or trying to. */
function toggleConnection(app: App): void {
  const s = app.store.get();
  const profile = s.profiles.find((p) => p.id === s.selected);
  if (!profile) return;
  if (isActive(s.conns[profile.id]?.state ?? null)) void app.send({ type: 'disconnect', id: profile.id });
  else void app.send({ type: 'connect', id: profile.id, options: profile.options });
}

export function runCommand(app: App, command: Command, targets: ShortcutTargets): void {
  switch (command.kind) {
    case 'select': {
      const profile = app.store.get().profiles[command.n - 1];
      if (profile) app.store.apply({ type: 'ui/select', id: profile.id });
      return;
    }
    case 'picker':
      openServerPicker(app);
      return;
    case 'filter':
      targets.focusFilter();
      return;
    case 'new_server':
      openServerForm(app, null);
      return;
    case 'connection':
      toggleConnection(app);
      return;
    case 'help':
      openShortcutsHelp();
      return;
  }
}

/** Listen for the shortcuts on the document; the result stops listening. */
export function installShortcuts(app: App, targets: ShortcutTargets): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const command = commandOf(e, onMac());
    if (!command || document.querySelector('dialog[open]')) return;
    // A `?` typed into a text field is text.
    if (command.kind === 'help' && isTextField(e.target)) return;
    e.preventDefault();
    // A held key would connect and disconnect, or open dialog after dialog.
    if (!e.repeat) runCommand(app, command, targets);
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
