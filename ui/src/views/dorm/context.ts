// What every part of the dorm view is drawn from, and the error line of one request,
// shown beside the control that sent it.
import type { Profile } from '../../bindings/Profile';
import { el, newId, setText } from '../../dom';
import type { Dorm, DormErrorSlot } from '../../lib/dorm';

export interface DormCtx {
  /** The connection (= profile) id. */
  id: string;
  profile: Profile | null;
  /** Requests can reach the server. */
  online: boolean;
  /** A token is saved for this server (the dorm server knows people only by it). */
  hasToken: boolean;
  dorm: Dorm;
  /** Now, in ms since the epoch (the view ticks it each minute). */
  now: number;
}

/** One part of the dorm view: built once, updated on every state change. */
export interface Part {
  element: HTMLElement;
  update(ctx: DormCtx): void;
}

export interface ErrorSlot {
  element: HTMLElement;
  update(ctx: DormCtx): void;
}

/** The error line of `slot`, tied to its controls for screen readers. */
export function errorSlot(slot: DormErrorSlot, controls: HTMLElement[] = []): ErrorSlot {
  const element = el('p', {
    class: 'field-error dorm-error',
    testid: 'dorm-error',
    attrs: { id: newId('dorm-err'), role: 'alert', 'data-request': slot },
  });
  for (const control of controls) {
    const before = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', before ? `${before} ${element.id}` : element.id);
  }
  return {
    element,
    update(ctx) {
      const text = ctx.dorm.errors[slot] ?? '';
      setText(element, text);
      for (const control of controls) {
        if (control instanceof HTMLTextAreaElement || control instanceof HTMLInputElement) {
          control.setAttribute('aria-invalid', String(text !== ''));
        }
      }
    },
  };
}
