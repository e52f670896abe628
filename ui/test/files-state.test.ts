import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../src/bindings/FileInfo';
import {
  applyFile,
  applyPreview,
  dismissFile,
  emptyFiles,
  isOnItsWay,
  mibText,
  offersOf,
  parseMib,
  progressOf,
  safeDefaultName,
  sizeParts,
} from '../src/state/files';
import { initialState, reduce, type Input } from '../src/state/store';

const file = (over: Record<string, unknown> = {}): FileInfo =>
  ({
    file_id: 'in-1', conn: 'c', direction: 'received', name: 'notes.txt', size: 1200, is_text: true, target: 'general',
    sender: 'bob', time: 1, state: 'received', ...over,
  }) as FileInfo;

describe('files state', () => {
  it('a file update is an upsert by file id, for every connection', () => {
    let s = initialState();
    const run = (...inputs: Input[]) => (s = inputs.reduce(reduce, s));
    run(
      { type: 'file', file: file({ file_id: 'out-1', conn: 'a', direction: 'sent', state: 'reading', done: 0, total: 10 }) },
      { type: 'file', file: file({ file_id: 'in-2', conn: 'b' }) },
      { type: 'file', file: file({ file_id: 'out-1', conn: 'a', direction: 'sent', state: 'reading', done: 5, total: 10 }) },
    );
    expect(Object.keys(s.files.byId).sort()).toEqual(['in-2', 'out-1']);
    expect(progressOf(s.files.byId['out-1'])).toBe(0.5);
    run({ type: 'file_preview', file_id: 'in-2', text: '<b>hi</b>', truncated: true });
    expect(s.files.previews['in-2']).toEqual({ text: '<b>hi</b>', truncated: true });
    run({ type: 'file_preview', file_id: 'in-3', truncated: false });
    expect(s.files.previews['in-3']).toEqual({ text: null, truncated: false });
  });

  it('a dismissed file comes back when it is read again (Retry)', () => {
    let f = applyFile(emptyFiles(), file({ direction: 'sent', state: 'failed', reason: 'too big' }));
    f = dismissFile(f, 'in-1');
    expect(f.dismissed).toEqual({ 'in-1': true });
    f = applyFile(f, file({ direction: 'sent', state: 'failed', reason: 'still' }));
    expect(f.dismissed).toEqual({ 'in-1': true });
    f = applyFile(f, file({ direction: 'sent', state: 'reading', done: 0, total: 1 }));
    expect(f.dismissed).toEqual({});
    expect(applyPreview(f, 'x', 'a', false).previews.x.text).toBe('a');
  });

  it('what a card offers in each state', () => {
    const reading = offersOf(file({ direction: 'sent', state: 'reading', done: 1, total: 2 }), false);
    expect(reading).toMatchObject({ cancel: true, retry: false, save: false, open: false, preview: false });
    expect(offersOf(file({ direction: 'sent', state: 'failed', reason: 'x' }), false).retry).toBe(true);
    expect(offersOf(file({ direction: 'sent', state: 'cancelled' }), false).retry).toBe(true);
    expect(offersOf(file({ direction: 'sent', state: 'sent' }), true)).toMatchObject({ retry: false, save: false, cancel: false });
    const got = offersOf(file(), false);
    expect(got).toMatchObject({ save: true, open: true, openable: false, preview: true, retry: false });
    expect(offersOf(file({ state: 'received', saved_path: '/x/notes.txt' }), false).openable).toBe(true);
    expect(offersOf(file({ state: 'received', is_text: false }), false).preview).toBe(false);
    // A failed received file: Retry only where the protocol can ask for it again.
    expect(offersOf(file({ state: 'failed', reason: 'damaged' }), false)).toMatchObject({ retry: false, save: false, open: false });
    expect(offersOf(file({ state: 'failed', reason: 'damaged' }), true).retry).toBe(true);
  });

  it('files on their way: mine, not yet in the chat', () => {
    expect(isOnItsWay(file({ direction: 'sent', state: 'reading', done: 0, total: 1 }))).toBe(true);
    expect(isOnItsWay(file({ direction: 'sent', state: 'failed', reason: 'x' }))).toBe(true);
    expect(isOnItsWay(file({ direction: 'sent', state: 'sending', done: 0, total: 0 }))).toBe(false);
    expect(isOnItsWay(file({ state: 'failed', reason: 'x' }))).toBe(false);
  });

  it('progress is 0…1 while reading or streaming out, null otherwise', () => {
    expect(progressOf(file({ state: 'reading', done: 0, total: 0 }))).toBe(0);
    expect(progressOf(file({ state: 'reading', done: 30, total: 20 }))).toBe(1);
    expect(progressOf(file({ state: 'sending', done: 25, total: 100 }))).toBe(0.25);
    // Sending without the relay: how far it is cannot be known.
    expect(progressOf(file({ state: 'sending', done: 0, total: 0 }))).toBeNull();
    expect(progressOf(file({ state: 'sent' }))).toBeNull();
    expect(progressOf(file())).toBeNull();
  });
});

describe('sizes', () => {
  it.each([
    [0, { unit: 'bytes', n: 0 }],
    [1, { unit: 'bytes', n: 1 }],
    [1023, { unit: 'bytes', n: 1023 }],
    [1024, { unit: 'kib', n: 1 }],
    [1536, { unit: 'kib', n: 1.5 }],
    [20 * 1024 + 300, { unit: 'kib', n: 20 }],
    [1024 * 1024 - 10, { unit: 'mib', n: 1 }],
    [25 * 1024 * 1024, { unit: 'mib', n: 25 }],
    [3.25 * 1024 ** 3, { unit: 'gib', n: 3.3 }],
  ])('%d bytes', (bytes, want) => {
    expect(sizeParts(bytes)).toEqual(want);
  });

  it('MiB typed in the server form', () => {
    expect(parseMib('')).toEqual({ ok: true, bytes: null });
    expect(parseMib('  ')).toEqual({ ok: true, bytes: null });
    expect(parseMib('25')).toEqual({ ok: true, bytes: 25 * 1024 * 1024 });
    expect(parseMib('0.5')).toEqual({ ok: true, bytes: 512 * 1024 });
    expect(parseMib('1,5')).toEqual({ ok: true, bytes: 1.5 * 1024 * 1024 });
    for (const bad of ['0', '-1', 'abc', '1e3', '12MB', '0.0000000001']) expect(parseMib(bad)).toEqual({ ok: false });
    expect(mibText(undefined)).toBe('');
    expect(mibText(25 * 1024 * 1024)).toBe('25');
    expect(mibText(1_000_000)).toBe('0.954');
  });
});

describe('a name safe to suggest in a save dialog', () => {
  it.each([
    ['notes.txt', 'notes.txt'],
    ['../../.bashrc', 'bashrc'],
    ['C:\\Windows\\evil.exe', 'evil.exe'],
    ['a\u0000b\nc.txt', 'a_b_c.txt'],
    ['what?.txt', 'what_.txt'],
    ['', 'file'],
    ['/', 'file'],
    ['...', 'file'],
  ])('%j → %j', (name, want) => {
    expect(safeDefaultName(name)).toBe(want);
  });
});
