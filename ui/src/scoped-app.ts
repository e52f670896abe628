// The App handed to one drawing of the window, whose store subscriptions all end at once.
// Views subscribe for as long as they live and never unsubscribe (in the window they live
// as long as the page); to draw the window again (in another language), the old views'
// subscriptions are ended here so they stop drawing into nodes no longer shown.
import type { App } from './app';

export interface ScopedApp {
  app: App;
  /** End every subscription made through `app.store`. */
  dispose(): void;
}

export function scopedApp(app: App): ScopedApp {
  const ends = new Set<() => void>();
  const store = {
    ...app.store,
    subscribe(listener: Parameters<App['store']['subscribe']>[0]) {
      const end = app.store.subscribe(listener);
      const once = () => {
        ends.delete(once);
        end();
      };
      ends.add(once);
      return once;
    },
  };
  return {
    app: { ...app, store },
    dispose() {
      for (const end of [...ends]) end();
    },
  };
}
