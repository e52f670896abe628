// What every part of the file exchange view is drawn from, and the error line of one kind
// of request: beside the control that sent it, or on the row of the file it concerns (or
// the server's own error, at the top).
import type { ConnState } from '../../bindings/ConnState';
import type { Profile } from '../../bindings/Profile';
import type { FileExchangeAction } from '../../bindings/FileExchangeAction';
import type { FileExchange } from '../../state/file-exchange';
import type { Files } from '../../state/files';
import { failureOf, type Requests } from '../../state/requests';
import { errorLine, type ErrorLine } from '../protocol-request';

/**
 * Where an error is shown: beside the control of a kind of request (`send_file`: answering
 * a server file, `retry_file`: asking for it again), or at the top of the view.
 */
export type FileExchangeSlot = FileExchangeAction['type'] | 'send_file' | 'retry_file' | 'general';

export interface FileExchangeCtx {
  /** The connection (= profile) id. */
  id: string;
  profile: Profile | null;
  state: ConnState | null;
  /** Requests can reach the server. */
  online: boolean;
  fileExchange: FileExchange;
  /** The requests of this connection. */
  requests: Requests;
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

/** Whether the failure `key` names a server file on a row of the list. */
export function onARow(ctx: FileExchangeCtx, key: string | null): boolean {
  return key !== null && ctx.fileExchange.files.some((f) => f.serverFileId === key);
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
      if (slot === 'general') return ctx.fileExchange.error ?? '';
      const f = failureOf(ctx.requests, slot);
      if (!f) return '';
      if (serverFileId !== undefined) return f.key === serverFileId ? f.message : '';
      return onARow(ctx, f.key) ? '' : f.message;
    },
  });
}
