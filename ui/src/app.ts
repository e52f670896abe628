// What every view gets: the state store and a way to send actions to the backend.
import type { Action } from './bindings/Action';
import type { AppError } from './errors';
import type { Store } from './state/store';

export interface App {
  store: Store;
  /** Dispatch an action. A failure is shown as an error and also returned (null: it worked). */
  send(action: Action): Promise<AppError | null>;
}
