import { describe, expect, it } from 'vitest';
import { connText, isActive, sendBlocked, stateText, stateTone } from '../src/views/conn-state';

describe('connection state in words', () => {
  it('each state', () => {
    expect(stateText(null)).toBe('Not connected');
    expect(stateText({ state: 'connecting', attempt: 3 })).toBe('Connecting (attempt 3)');
    expect(stateText({ state: 'connected' })).toBe('Connected');
    expect(stateText({ state: 'connected', engine: 4, transport: 'websocket' })).toBe('Connected · Engine.IO 4 · websocket');
    expect(stateText({ state: 'connected', engine: 3, transport: 'polling', recovered: true })).toBe(
      'Connected · Engine.IO 3 · polling · session recovered',
    );
    expect(stateText({ state: 'disconnected', reason: 'transport close' })).toBe('Disconnected: transport close');
    expect(stateText({ state: 'disconnected', reason: '' })).toBe('Disconnected');
  });

  it('reconnecting counts down', () => {
    const cs = { state: 'reconnecting' as const, attempt: 2, delay_ms: 5000 };
    expect(stateText(cs, 0)).toBe('Reconnecting in 5s (attempt 2)');
    expect(stateText(cs, 3500)).toBe('Reconnecting in 2s (attempt 2)');
    expect(stateText(cs, 6000)).toBe('Reconnecting (attempt 2)');
  });

  it('reconnecting names the last reason', () => {
    const cs = { state: 'reconnecting' as const, attempt: 4, delay_ms: 4000, reason: 'nothing is listening at that address (os error 111)' };
    expect(stateText(cs, 0)).toBe('Reconnecting in 4s (attempt 4): nothing is listening at that address (os error 111)');
    expect(stateText(cs, 5000)).toBe('Reconnecting (attempt 4): nothing is listening at that address (os error 111)');
    expect(connText(cs, false, 0)).toBe(stateText(cs, 0));
    expect(stateText({ ...cs, reason: '  ' }, 0)).toBe('Reconnecting in 4s (attempt 4)');
  });

  it('says why nothing can be sent', () => {
    expect(sendBlocked(null)).toBe('Not connected: connect to send');
    expect(sendBlocked({ state: 'disconnected', reason: 'io server disconnect' })).toBe('Not connected: connect to send');
    expect(sendBlocked({ state: 'connecting', attempt: 1 })).toBe('Connecting…');
    expect(sendBlocked({ state: 'reconnecting', attempt: 2, delay_ms: 1000 })).toBe('Reconnecting…');
    expect(sendBlocked({ state: 'connected' })).toBeNull();
  });

  it('tones and whether Disconnect applies', () => {
    expect(stateTone({ state: 'connected' })).toBe('ok');
    expect(stateTone({ state: 'reconnecting', attempt: 1, delay_ms: 1 })).toBe('busy');
    expect(stateTone({ state: 'disconnected', reason: '' })).toBe('down');
    expect(isActive(null)).toBe(false);
    expect(isActive({ state: 'connecting', attempt: 1 })).toBe(true);
    expect(isActive({ state: 'disconnected', reason: '' })).toBe(false);
  });
});
