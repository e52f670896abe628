// The main area's work: for a server that speaks the session-host protocol, two tabs,
// Session (the default) and Console; for any other server, the console alone.
import type { App } from '../../app';
import { el, frameScheduler } from '../../dom';
import { t } from '../../i18n';
import { sessionView } from './session-view';
import { tabs } from './tabs';

type TabKey = 'session' | 'console';

export function workArea(app: App, consoleParts: HTMLElement[]): HTMLElement {
  const sessionPanel = el('div', { class: 'tab-panel session-panel' }, [sessionView(app)]);
  const consolePanel = el('div', { class: 'tab-panel console-panel' }, consoleParts);
  /** The tab chosen per server (the Session tab until another is chosen). */
  const chosen = new Map<string, TabKey>();
  const bar = tabs<TabKey>(
    t('tabs.label'),
    [
      { key: 'session', label: t('tabs.session'), testid: 'tab-session', panel: sessionPanel },
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
    const speaks = profile?.options.protocol?.kind === 'session_host';
    bar.element.hidden = !speaks;
    if (speaks) bar.select(chosen.get(profile.id) ?? 'session');
    else {
      sessionPanel.hidden = true;
      consolePanel.hidden = false;
    }
  });
  app.store.subscribe(sync);
  sync();

  return el('div', { class: 'work-area' }, [bar.element, sessionPanel, consolePanel]);
}
