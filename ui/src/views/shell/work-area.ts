// The main area's work: for a server that speaks a protocol, its own view and the
// Console in two tabs (Session for a session-host server, Room for a dorm server, The
// Space for a Space server, Session files for a file exchange server; the protocol's view
// is the default); for any other server, the console alone.
import type { App } from '../../app';
import type { Protocol } from '../../bindings/Protocol';
import { el, frameScheduler } from '../../dom';
import { t } from '../../i18n';
import { dormView } from '../dorm/dorm-view';
import { fileExchangeView } from '../file-exchange/file-exchange-view';
import { spaceView } from '../space/space-view';
import { sessionView } from '../session-host/session-view';
import { tabs } from './tabs';

type TabKey = 'session' | 'room' | 'space' | 'files' | 'console';

/** The tabs a server offers, its protocol's own view first; none for a plain console server. */
function tabsOf(protocol: Protocol['kind'] | undefined): TabKey[] {
  switch (protocol) {
    case 'session_host':
      return ['session', 'console'];
    case 'dorm':
      return ['room', 'console'];
    case 'space':
      return ['space', 'console'];
    case 'file_exchange':
      return ['files', 'console'];
    default:
      return [];
  }
}

export function workArea(app: App, consoleParts: HTMLElement[]): HTMLElement {
  const sessionPanel = el('div', { class: 'tab-panel page-panel' }, [sessionView(app)]);
  const roomPanel = el('div', { class: 'tab-panel page-panel' }, [dormView(app)]);
  const spacePanel = el('div', { class: 'tab-panel space-panel' }, [spaceView(app)]);
  const filesPanel = el('div', { class: 'tab-panel page-panel' }, [fileExchangeView(app)]);
  const consolePanel = el('div', { class: 'tab-panel console-panel' }, consoleParts);
  /** The tab chosen per server (its protocol's view until another is chosen). */
  const chosen = new Map<string, TabKey>();
  const bar = tabs<TabKey>(
    t('tabs.label'),
    [
      { key: 'session', label: t('tabs.session'), testid: 'tab-session', panel: sessionPanel },
      { key: 'room', label: t('tabs.room'), testid: 'tab-room', panel: roomPanel },
      { key: 'space', label: t('tabs.space'), testid: 'tab-space', panel: spacePanel },
      { key: 'files', label: t('tabs.files'), testid: 'tab-files', panel: filesPanel },
      { key: 'console', label: t('tabs.console'), testid: 'tab-console', panel: consolePanel },
    ],
    (key) => {
      const id = app.store.get().selected;
      if (id !== null) chosen.set(id, key);
    },
  );

  const sync = frameScheduler(() => {
    const s = app.store.get();
    const profile = s.profiles.find((p) => p.id === s.selected);
    const offered = tabsOf(profile?.options.protocol?.kind);
    bar.element.hidden = offered.length === 0;
    bar.setAvailable(offered);
    if (profile && offered.length > 0) {
      const want = chosen.get(profile.id);
      bar.select(want !== undefined && offered.includes(want) ? want : offered[0]);
    } else {
      sessionPanel.hidden = true;
      roomPanel.hidden = true;
      spacePanel.hidden = true;
      filesPanel.hidden = true;
      consolePanel.hidden = false;
    }
  });
  app.store.subscribe(sync);
  sync();

  return el('div', { class: 'work-area' }, [bar.element, sessionPanel, roomPanel, spacePanel, filesPanel, consolePanel]);
}
