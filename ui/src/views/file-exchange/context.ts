// What every part of the file exchange view is drawn from, and the error line of one
// request: beside the control that sent it, or on the row of the file it concerns.
import type { ConnState } from '../../bindings/ConnState';
import type { Profile } from '../../bindings/Profile';
import type { FileExchange, FileExchangeSlot } from '../../state/file-exchange';
import type { Files } from '../../state/files';
import { errorLine, type ErrorLine } from '../protocol-request';

export interface FileExchangeCtx {
  /** The connection (= profile) id. */
  id: string;
  profile: Profile | null;
  state: ConnState | null;
  /** Requests can reach the server. */
  online: boolean;
  fileExchange: FileExchange;
  files: Files;
  /** How long the server waits for an answer, in seconds. */
  limitSecs: number;
  /** Now, in ms since the epoch. */
  now: number;
}

/** One part of the view: built once, updated on every state change. */
export interface Part {
  element: HTMLElement;
  update(ctx: FileExchangeCtx): void;
}

/** Whether the error of `slot` belongs on a row of the list (its file is listed). */
export function onARow(ctx: FileExchangeCtx, slot: FileExchangeSlot): boolean {
  const file = ctx.fileExchange.errors[slot]?.serverFileId ?? null;
  return file !== null && ctx.fileExchange.files.some((f) => f.serverFileId === file);
}

/**
 * The error line of `slot`, tied to its controls for screen readers. With `serverFileId`
 * it shows only that file's error (on its row); without, only one no row shows.
 */
export function errorSlot(slot: FileExchangeSlot, controls: HTMLElement[] = [], serverFileId?: string): ErrorLine<FileExchangeCtx> {
  return errorLine<FileExchangeCtx>({
    testid: 'file-exchange-error',
    idPrefix: 'file-exchange-err',
    slot,
    controls,
    textOf: (ctx) => {
      const e = ctx.fileExchange.errors[slot];
      if (!e) return '';
      if (serverFileId !== undefined) return e.serverFileId === serverFileId ? e.message : '';
      return onARow(ctx, slot) ? '' : e.message;
    },
  });
}
