// A request of a protocol view (Session, Room) and its error: the request is remembered
// before it is sent (so the server's answer or error is tied to it), a refusal by the
// backend is recorded against it, and the error line shows it beside the control that
// sent it, tied to that control for screen readers.
import type { Action } from '../bindings/Action';
import type { App } from '../app';
import { el, newId, setText } from '../dom';
import { errorText } from '../errors';
import type { UiInput } from '../state/store';

/** Remember, then send `action`; resolves to whether the backend accepted it. */
export async function sendRemembered(
  app: App,
  action: Action,
  remember: UiInput,
  refused: (message: string) => UiInput,
): Promise<boolean> {
  app.store.apply(remember);
  const error = await app.send(action);
  if (error) app.store.apply(refused(errorText(error)));
  return error === null;
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
