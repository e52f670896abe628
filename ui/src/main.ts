// Start-up: apply the stored theme and language, build the store and the views,
// subscribe to the backend's updates, then ask for the saved servers (and, once a day,
// whether a newer release exists). Each batch also goes to the notifier, which tells the
// person of news while the window is in the background. Outside the app
// window the page still renders and says plainly that there is no backend. When the
// language changes the views are built again over the same store, so nothing the
// window holds (servers, events, chats) is lost.
import type { Action } from './bindings/Action';
import type { App } from './app';
import { dispatch, onNotificationClicked, subscribe, toAppError } from './ipc';
import { applyLanguage, onLanguageChange } from './settings/language';
import { applyTheme } from './settings/theme';
import { checkAtStart } from './settings/updates';
import { historyLimits } from './settings/history-limits';
import { createNotifier } from './notifier';
import { createStore } from './state/store';
import { drawWindow } from './window';
import './styles.css';

/** The connection an action is about, so its error can be shown beside that server. */
function connectionOf(action: Action): string | undefined {
  switch (action.type) {
    case 'connect':
    case 'disconnect':
    case 'emit':
    case 'ack_reply':
    case 'request':
    case 'send_file':
    case 'simulate_participants':
    case 'saved_messages':
    case 'save_message':
    case 'remove_saved_message':
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

// The start's steps are marked (`performance.mark`) for make bench-ui.
async function start(): Promise<void> {
  performance.mark('switchboard:start');
  applyTheme();
  await applyLanguage();
  performance.mark('switchboard:language');
  let takeDown = drawWindow(app);
  performance.mark('switchboard:drawn');
  onLanguageChange(() => {
    takeDown();
    takeDown = drawWindow(app);
  });
  try {
    const notifier = createNotifier(store);
    // A notification clicked: its server is shown (the backend brought the window forward).
    void onNotificationClicked((conn) => {
      if (store.get().profiles.some((p) => p.id === conn)) store.apply({ type: 'ui/select', id: conn });
    });
    await subscribe((batch) => {
      const before = store.get();
      store.applyBatch(batch);
      notifier.onBatch(batch, before, store.get());
    });
    performance.mark('switchboard:subscribed');
  } catch (err) {
    const error = toAppError(err);
    // No backend at all is already said by the banner; anything else is an error to show.
    if (error.kind !== 'backend_unavailable') store.apply({ type: 'ui/error', error });
    store.apply({ type: 'profiles', profiles: [] });
    return;
  }
  await app.send({ type: 'list_profiles' });
  performance.mark('switchboard:profiles_listed');
  // How much history each server keeps, as chosen in Settings.
  await app.send({ type: 'set_history_limits', limits: historyLimits() });
  await checkAtStart();
}

void start();
