// @vitest-environment jsdom
// ipc.ts against Tauri's own IPC mock: what is sent, what comes back, and a clear
// error when there is no backend at all.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Update } from '../src/bindings/Update';
import { backendAvailable, dispatch, subscribe, systemLocale, toAppError } from '../src/ipc';

afterEach(() => {
  clearMocks();
  delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
});

describe('ipc', () => {
  it('without the Tauri window: backend_unavailable, no crash', async () => {
    expect(backendAvailable()).toBe(false);
    await expect(dispatch({ type: 'list_profiles' })).rejects.toEqual({ kind: 'backend_unavailable', message: '' });
    await expect(subscribe(() => {})).rejects.toMatchObject({ kind: 'backend_unavailable' });
  });

  it('dispatch sends {action} to the dispatch command', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await dispatch({ type: 'disconnect', id: 'a' });
    expect(calls).toEqual([['dispatch', { action: { type: 'disconnect', id: 'a' } }]]);
  });

  it('dispatch rejects with the backend error {kind, message}', async () => {
    mockIPC(() => {
      throw { kind: 'unknown_connection', message: 'a' };
    });
    await expect(dispatch({ type: 'disconnect', id: 'a' })).rejects.toEqual({ kind: 'unknown_connection', message: 'a' });
  });

  it('subscribe answers with the saved servers and delivers each batch, in order', async () => {
    let channelId = 0;
    const saved = [{ id: 'a', name: 'A', options: { url: 'http://127.0.0.1:1' } }];
    mockIPC((cmd, args) => {
      if (cmd === 'subscribe') channelId = (args as { channel: { id: number } }).channel.id;
      return saved;
    });
    const batches: Update[][] = [];
    expect(await subscribe((b) => batches.push(b))).toEqual(saved);
    const run = (window as unknown as { __TAURI_INTERNALS__: { runCallback(id: number, d: unknown): void } })
      .__TAURI_INTERNALS__.runCallback;
    const b1: Update[] = [{ type: 'profiles', profiles: [] }];
    const b2: Update[] = [{ type: 'token_state', profile: 'p', stored: true }];
    run(channelId, { index: 1, message: b2 }); // arrives early: held until index 0
    run(channelId, { index: 0, message: b1 });
    expect(batches).toEqual([b1, b2]);
  });

  it('subscribe rejects with the backend error when the saved servers cannot be read', async () => {
    mockIPC(() => {
      throw { kind: 'profiles', message: 'damaged' };
    });
    await expect(subscribe(() => {})).rejects.toEqual({ kind: 'profiles', message: 'damaged' });
  });

  it('system_locale: the tag, or null when absent, empty or failing', async () => {
    expect(await systemLocale()).toBeNull(); // no backend
    let answer: () => unknown = () => 'ru-RU';
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => (calls.push([cmd, args]), answer()));
    expect(await systemLocale()).toBe('ru-RU');
    expect(calls).toEqual([['system_locale', {}]]);
    answer = () => null;
    expect(await systemLocale()).toBeNull();
    answer = () => '';
    expect(await systemLocale()).toBeNull();
    answer = () => {
      throw 'command system_locale not found';
    };
    expect(await systemLocale()).toBeNull();
  });

  it('anything else thrown becomes an unexpected error with its text', () => {
    expect(toAppError(new Error('boom'))).toEqual({ kind: 'unexpected', message: 'boom' });
    expect(toAppError('plain')).toEqual({ kind: 'unexpected', message: 'plain' });
  });
});
