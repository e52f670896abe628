// Start-up: subscribe to the backend's updates (the answer brings the saved servers)
// while the stored theme and language are applied and the views built, then (once a
// day) ask whether a newer release exists. Each batch also goes to the notifier, which tells the
// person of news while the window is in the background. Outside the app
// window the page still renders and says plainly that there is no backend. When the
// language changes the views are built again over the same store, so nothing the
// window holds (servers, events, chats) is lost.
import type { Action } from './bindings/Action';
import type { App } from './app';
import type { Profile } from './bindings/Profile';
import { dispatch, onNotificationClicked, subscribe, toAppError } from './ipc';
import { applyFontStacks } from './settings/fonts';
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

/**
 * Subscribe to the backend's updates. Asked before the window is drawn, so the round
 * trip overlaps the drawing; the answer brings the saved servers, unless the channel
 * brought them first (then they are as new or newer).
 */
function subscribeToUpdates(): Promise<Profile[]> {
  const notifier = createNotifier(store);
  // A notification clicked: its server is shown (the backend brought the window forward).
  void onNotificationClicked((conn) => {
    if (store.get().profiles.some((p) => p.id === conn)) store.apply({ type: 'ui/select', id: conn });
  });
  return subscribe((batch) => {
    const before = store.get();
    store.applyBatch(batch);
    notifier.onBatch(batch, before, store.get());
  });
}

// The start's steps are marked (`performance.mark`) for make bench-ui.
async function start(): Promise<void> {
  performance.mark('switchboard:start');
  const subscribed = subscribeToUpdates();
  // Rejections are read below, after the drawing; this keeps an early one from being
  // reported as unhandled meanwhile.
  subscribed.catch(() => undefined);
  applyTheme();
  applyFontStacks();
  await applyLanguage();
  performance.mark('switchboard:language');
  let takeDown = drawWindow(app);
  performance.mark('switchboard:drawn');
  onLanguageChange(() => {
    takeDown();
    takeDown = drawWindow(app);
  });
  try {
    const profiles = await subscribed;
    performance.mark('switchboard:subscribed');
    if (!store.get().profilesLoaded) store.apply({ type: 'profiles', profiles });
  } catch (err) {
    const error = toAppError(err);
    // No backend at all is already said by the banner; anything else is an error to show.
    if (error.kind !== 'backend_unavailable') store.apply({ type: 'ui/error', error });
    if (!store.get().profilesLoaded) store.apply({ type: 'profiles', profiles: [] });
    // Without a backend there is nothing more to ask. Otherwise the channel is set and
    // only the saved servers could not be read (the error says why): go on.
    if (error.kind === 'backend_unavailable') return;
  }
  // How much history each server keeps, as chosen in Settings.
  await app.send({ type: 'set_history_limits', limits: historyLimits() });
  await checkAtStart();
}

void start();
