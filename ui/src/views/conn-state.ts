// A connection's state in words and as a status-dot class.
import type { ConnState } from '../bindings/ConnState';
import { t } from '../i18n';

/** When each state object arrived, so "reconnecting in Xs" can count down. */
const seen = new WeakMap<ConnState, number>();
export function since(cs: ConnState | null, now: number): number {
  if (!cs) return 0;
  if (!seen.has(cs)) seen.set(cs, now);
  return now - (seen.get(cs) as number);
}

export type Tone = 'idle' | 'busy' | 'ok' | 'down';

export function stateTone(cs: ConnState | null): Tone {
  if (!cs) return 'idle';
  switch (cs.state) {
    case 'connected':
      return 'ok';
    case 'connecting':
    case 'reconnecting':
      return 'busy';
    case 'disconnected':
      return 'down';
  }
}

/** `elapsedMs`: how long ago this state arrived, so a reconnect delay counts down. */
export function stateText(cs: ConnState | null, elapsedMs = 0): string {
  if (!cs) return t('state.idle');
  switch (cs.state) {
    case 'connecting':
      return t('state.connecting', { attempt: cs.attempt });
    case 'connected': {
      if (!cs.engine || !cs.transport) return t('state.connected');
      const over = t('state.connected_over', { engine: cs.engine, transport: cs.transport });
      return cs.recovered ? `${over} · ${t('state.recovered')}` : over;
    }
    case 'reconnecting': {
      const left = Math.ceil((cs.delay_ms - elapsedMs) / 1000);
      const text = left > 0
        ? t('state.reconnecting', { seconds: left, attempt: cs.attempt })
        : t('state.reconnecting_now', { attempt: cs.attempt });
      // Why the last attempt failed (or the connection was lost), while it is retried.
      const reason = cs.reason?.trim();
      return reason ? t('state.reconnecting_reason', { text, reason }) : text;
    }
    case 'disconnected':
      // The backend sends an empty reason when the person asked for the disconnect.
      return cs.reason
        ? t('state.disconnected_reason', { reason: cs.reason })
        : t('state.disconnected');
  }
}

/** Whether Disconnect makes sense (something is open or being retried). */
export function isActive(cs: ConnState | null): boolean {
  return cs !== null && cs.state !== 'disconnected';
}

/**
 * The state in words where the server is named (the sidebar, the main header). While a
 * certificate waits for the person's decision, the reason it did not connect is not said
 * again: the certificate panel says it, once.
 */
export function connText(cs: ConnState | null, certWaits: boolean, elapsedMs = 0): string {
  if (certWaits && cs?.state === 'disconnected') return t('state.disconnected');
  return stateText(cs, elapsedMs);
}

/**
 * Why nothing can be sent on this connection now, in words (null: it is connected). Send
 * is disabled with this beside it, rather than refused by the backend afterwards.
 */
export function sendBlocked(cs: ConnState | null): string | null {
  if (!cs) return t('emit.blocked_idle');
  switch (cs.state) {
    case 'connected':
      return null;
    case 'connecting':
      return t('emit.blocked_connecting');
    case 'reconnecting':
      return t('emit.blocked_reconnecting');
    case 'disconnected':
      return t('emit.blocked_idle');
  }
}
