// The window's views: a skip link (the first tab stop), the sidebar, and the main area
// with the selected server's pages; and the global keyboard shortcuts. Drawn once at
// start-up and again, over the same store, when the language changes.
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
import { installShortcuts, type ShortcutTargets } from './views/shortcuts';
import { updateBanner } from './views/update-banner';
import { workArea } from './views/shell/work-area';

/** The skip link: past the sidebar to the main area (focusable itself, so Tab goes on from there). */
function skipLink(main: HTMLElement): HTMLElement {
  return el('a', {
    class: 'skip-link',
    testid: 'skip-link',
    text: t('app.skip'),
    attrs: { href: `#${main.id}` },
    on: {
      click: (e) => {
        e.preventDefault();
        main.focus();
      },
    },
  });
}

function layout(app: App, drops: HTMLElement | null, update: HTMLElement): { element: HTMLElement; targets: ShortcutTargets } {
  const noSelection = el('div', { class: 'placeholder' }, [el('p', { text: t('main.no_selection') })]);
  const consoleEl = consoleView(app);
  const work = el('div', { class: 'work' }, [workArea(app, [consoleEl, emitForm(app)])]);
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
  const main = el('main', { class: 'main', attrs: { id: 'main-area', tabindex: -1 } }, [
    banner, update, mainHeader(app), certPanel(app), errorsView(app), work, noSelection,
  ]);
  const targets: ShortcutTargets = {
    focusFilter() {
      if (work.hidden) return;
      // A protocol's server shows its own tab first: the Console tab comes forward.
      const tab = work.querySelector<HTMLButtonElement>('[role=tab][data-key=console]');
      if (tab && !tab.hidden && tab.getAttribute('aria-selected') !== 'true') tab.click();
      consoleEl.querySelector<HTMLInputElement>('.console-filter-name')?.focus();
    },
  };
  return { element: el('div', { class: 'app' }, [skipLink(main), serversView(app), main, drops]), targets };
}

/** Build the window's views in the current language; the result takes them down again. */
export function drawWindow(app: App): () => void {
  const scope = scopedApp(app);
  // Files dragged onto the window: the overlay says where they will go.
  const drops = backendAvailable() ? dropZone() : null;
  const update = updateBanner(__APP_VERSION__);
  const { element, targets } = layout(scope.app, drops?.element ?? null, update.element);
  // First in the body: an open dialog (Settings, say) stays above it.
  document.body.prepend(element);
  const stopShortcuts = installShortcuts(scope.app, targets);
  return () => {
    stopShortcuts();
    scope.dispose();
    drops?.dispose();
    update.dispose();
    // The old views' frames and timers (a countdown, a reconnect delay) would draw into nodes no longer shown.
    cancelPending();
    element.remove();
  };
}
