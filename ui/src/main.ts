// Start-up: build the store and the views, subscribe to the backend's updates, then
// ask for the saved servers. Outside the app window the page still renders and says
// plainly that there is no backend.
import type { Action } from './bindings/Action';
import type { App } from './app';
import { el } from './dom';
import { t } from './i18n';
import { backendAvailable, dispatch, subscribe, toAppError } from './ipc';
import { createStore } from './state/store';
import { consoleView } from './views/console';
import { emitForm } from './views/emit-form';
import { certPanel } from './views/cert-panel';
import { errorsView } from './views/errors';
import { dropZone } from './views/files/drop-zone';
import { mainHeader } from './views/main-header';
import { serversView } from './views/servers';
import { workArea } from './views/shell/work-area';
import './styles.css';

/** The connection an action is about, so its error can be shown beside that server. */
function connectionOf(action: Action): string | undefined {
  switch (action.type) {
    case 'connect':
    case 'disconnect':
    case 'emit':
    case 'ack_reply':
    case 'session_host':
    case 'dorm':
    case 'space':
    case 'file_exchange':
    case 'send_file':
    case 'simulate_participants':
      return action.id;
    default:
      return undefined;
  }
}

const store = createStore();
const app: App = {
  store,
  async send(action) {
    try {
      await dispatch(action);
      return null;
    } catch (err) {
      const error = toAppError(err);
      store.apply({ type: 'ui/error', id: connectionOf(action), error });
      return error;
    }
  },
};

function layout(): HTMLElement {
  const noSelection = el('div', { class: 'placeholder' }, [el('p', { text: t('main.no_selection') })]);
  const work = el('div', { class: 'work' }, [workArea(app, [consoleView(app), emitForm(app)])]);
  const sync = () => {
    const selected = store.get().selected !== null;
    work.hidden = !selected;
    noSelection.hidden = selected;
  };
  store.subscribe(sync);
  sync();
  const banner = backendAvailable()
    ? null
    : el('div', { class: 'banner', testid: 'backend-missing', attrs: { role: 'alert' }, text: t('app.backend_missing') });
  return el('div', { class: 'app' }, [
    serversView(app),
    el('main', { class: 'main' }, [banner, mainHeader(app), certPanel(app), errorsView(app), work, noSelection]),
    // Files dragged onto the window: the overlay says where they will go.
    backendAvailable() ? dropZone().element : null,
  ]);
}

async function start(): Promise<void> {
  document.title = t('app.title');
  document.documentElement.lang = navigator.language || 'en';
  document.body.append(layout());
  try {
    await subscribe((batch) => store.applyBatch(batch));
  } catch (err) {
    const error = toAppError(err);
    // No backend at all is already said by the banner; anything else is an error to show.
    if (error.kind !== 'backend_unavailable') store.apply({ type: 'ui/error', error });
    store.apply({ type: 'profiles', profiles: [] });
    return;
  }
  await app.send({ type: 'list_profiles' });
}

void start();
