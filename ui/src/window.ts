// The window's views: the sidebar, and the main area with the selected server's pages.
// Drawn once at start-up and again, over the same store, when the language changes.
import type { App } from './app';
import { cancelPending, el } from './dom';
import { t } from './i18n';
import { backendAvailable } from './ipc';
import { scopedApp } from './scoped-app';
import { certPanel } from './views/cert-panel';
import { consoleView } from './views/console';
import { emitForm } from './views/emit-form';
import { errorsView } from './views/errors';
import { dropZone } from './views/files/drop-zone';
import { mainHeader } from './views/main-header';
import { serversView } from './views/servers';
import { updateBanner } from './views/update-banner';
import { workArea } from './views/shell/work-area';

function layout(app: App, drops: HTMLElement | null, update: HTMLElement): HTMLElement {
  const noSelection = el('div', { class: 'placeholder' }, [el('p', { text: t('main.no_selection') })]);
  const work = el('div', { class: 'work' }, [workArea(app, [consoleView(app), emitForm(app)])]);
  const sync = () => {
    const selected = app.store.get().selected !== null;
    work.hidden = !selected;
    noSelection.hidden = selected;
  };
  app.store.subscribe(sync);
  sync();
  const banner = backendAvailable()
    ? null
    : el('div', { class: 'banner', testid: 'backend-missing', attrs: { role: 'alert' }, text: t('app.backend_missing') });
  return el('div', { class: 'app' }, [
    serversView(app),
    el('main', { class: 'main' }, [banner, update, mainHeader(app), certPanel(app), errorsView(app), work, noSelection]),
    drops,
  ]);
}

/** Build the window's views in the current language; the result takes them down again. */
export function drawWindow(app: App): () => void {
  const scope = scopedApp(app);
  // Files dragged onto the window: the overlay says where they will go.
  const drops = backendAvailable() ? dropZone() : null;
  const update = updateBanner(__APP_VERSION__);
  const element = layout(scope.app, drops?.element ?? null, update.element);
  // First in the body: an open dialog (Settings, say) stays above it.
  document.body.prepend(element);
  return () => {
    scope.dispose();
    drops?.dispose();
    update.dispose();
    // The old views' frames and timers (a countdown, a reconnect delay) would draw into nodes no longer shown.
    cancelPending();
    element.remove();
  };
}
