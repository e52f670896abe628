// How every view sends a request and shows how it ended. A request gets an id from the
// window's one counter and is recorded as open (state/requests.ts) before it goes; a
// protocol action carries the id, and the backend's `answer` update ends it (done, or
// refused in words); any other action (a file to send, a file asked for again, simulated
// participants) ends when the backend takes it. A rejected `invoke` is the answer too:
// refused, in the error's words. The error line shows a failure beside the control that
// sent the request, tied to that control for screen readers.
import type { Action } from '../bindings/Action';
import type { App } from '../app';
import { el, newId, setText } from '../dom';
import { errorText } from '../errors';
import type { Request } from '../state/requests';

let lastId = 0;

/** A new request id, unique for as long as the window runs. */
export const nextRequestId = (): number => ++lastId;

/** The actions a backend `answer` update ends (they carry a `request_id`). */
type ProtocolAction = Extract<Action, { type: 'request' }>;

const isProtocol = (a: Action): a is ProtocolAction => a.type === 'request';

/** What a request is about: its kind and key (see state/requests.ts). */
export type About = Omit<Request, 'id'>;

/** A protocol action's kind (its `type`) and key (the Space room, the session key to join). */
export function aboutOf(action: ProtocolAction): About {
  const a = action.action;
  if (action.protocol === 'space' && 'room' in a) return { kind: a.type, key: a.room };
  if (action.protocol === 'session_host' && a.type === 'join_session') return { kind: a.type, key: a.session_key };
  return { kind: a.type, key: null };
}

/**
 * Send `action` on connection `conn` as a request: recorded as open, then sent; a rejection
 * is its refusal. `about` defaults to the protocol action's own. Resolves to whether the
 * backend took it.
 */
export async function sendRequest(app: App, conn: string, action: Action, about?: About): Promise<boolean> {
  const request: Request = { id: nextRequestId(), ...(about ?? (isProtocol(action) ? aboutOf(action) : { kind: action.type, key: null })) };
  const protocol = isProtocol(action);
  app.store.apply({ type: 'ui/request', id: conn, request, action });
  const error = await app.send(protocol ? { ...action, request_id: request.id } : action);
  if (error) app.store.apply({ type: 'answer', id: conn, request_id: request.id, error: errorText(error) });
  // Nothing but the backend taking it answers an action that is not a protocol's.
  else if (!protocol) app.store.apply({ type: 'answer', id: conn, request_id: request.id });
  return error === null;
}

/** A request the window refuses itself (an empty field), shown as its failure. */
export function refuse(app: App, conn: string, about: About, message: string): void {
  app.store.apply({ type: 'ui/refused', id: conn, request: { id: nextRequestId(), ...about }, message });
}

export interface ErrorLine<Ctx> {
  element: HTMLElement;
  update(ctx: Ctx): void;
}

export interface ErrorLineSpec<Ctx> {
  /** The line's test id, also its class beside `field-error`. */
  testid: string;
  /** What its element id starts with (ids tie it to its controls). */
  idPrefix: string;
  /** The request whose error it shows (its `data-request`). */
  slot: string;
  /** The controls that send the request: described by the line, marked invalid while it shows (text fields). */
  controls: HTMLElement[];
  /** The error to show now ('' for none). */
  textOf(ctx: Ctx): string;
}

export function errorLine<Ctx>({ testid, idPrefix, slot, controls, textOf }: ErrorLineSpec<Ctx>): ErrorLine<Ctx> {
  const element = el('p', {
    class: `field-error ${testid}`,
    testid,
    attrs: { id: newId(idPrefix), role: 'alert', 'data-request': slot },
  });
  for (const control of controls) {
    const before = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', before ? `${before} ${element.id}` : element.id);
  }
  return {
    element,
    update(ctx) {
      const text = textOf(ctx);
      setText(element, text);
      for (const control of controls) {
        if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) {
          control.setAttribute('aria-invalid', String(text !== ''));
        }
      }
    },
  };
}
