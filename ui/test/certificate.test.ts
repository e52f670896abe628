// A certificate the system does not trust: kept per server until the person decides or
// the server connects; accepting it trusts that one fingerprint for that one server and
// turns nothing else off. Also how the store routes file exchange news to its connection.
import { describe, expect, it } from 'vitest';
import type { Profile } from '../src/bindings/Profile';
import { fingerprintText, trustCertificate } from '../src/lib/certificate';
import { failureOf } from '../src/state/requests';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const FP = 'AB:CD:EF:01';
const profile: Profile = {
  id: 'pku',
  name: 'PKU',
  options: {
    url: 'https://127.0.0.1:8443/pku', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'websocket',
    ca_file: null, accept_invalid_certs: false, token_profile: 'pku', reconnect: true, protocol: { kind: 'file_exchange' },
  },
};
const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);

describe('certificate offers', () => {
  it('kept for the server through the disconnect that follows it', () => {
    const s = run([
      { type: 'connection', id: 'pku', state: 'connecting', attempt: 1 },
      { type: 'certificate', id: 'pku', sha256: FP, changed: false },
      { type: 'connection', id: 'pku', state: 'disconnected', reason: 'Could not connect: certificate' },
    ]);
    expect(s.conns.pku.cert).toEqual({ sha256: FP, changed: false });
  });

  it('a changed one says so; a newer offer replaces the older', () => {
    const s = run([
      { type: 'certificate', id: 'pku', sha256: FP, changed: false },
      { type: 'certificate', id: 'pku', sha256: '11:22', changed: true },
    ]);
    expect(s.conns.pku.cert).toEqual({ sha256: '11:22', changed: true });
  });

  it('gone once decided (accept or cancel), or once the server connects', () => {
    const offered = run([{ type: 'certificate', id: 'pku', sha256: FP, changed: false }]);
    expect(reduce(offered, { type: 'ui/cert_done', id: 'pku' }).conns.pku.cert).toBeNull();
    expect(reduce(offered, { type: 'connection', id: 'pku', state: 'connected' }).conns.pku.cert).toBeNull();
    // Deciding about a server with no offer changes nothing.
    expect(reduce(offered, { type: 'ui/cert_done', id: 'other' })).toBe(offered);
  });

  it('accepting trusts that fingerprint for that server only; verification stays on', () => {
    const p = trustCertificate(profile, FP);
    expect(p.options.trusted_cert_sha256).toBe(FP);
    expect(p.options.accept_invalid_certs).toBe(false);
    expect({ ...p.options, trusted_cert_sha256: undefined }).toEqual({ ...profile.options, trusted_cert_sha256: undefined });
    expect(profile.options.trusted_cert_sha256).toBeUndefined();
  });

  it('a fingerprint in pairs', () => {
    expect(fingerprintText('abcdef01')).toBe('AB:CD:EF:01');
    expect(fingerprintText(FP)).toBe(FP);
    expect(fingerprintText('not hex!')).toBe('not hex!');
  });
});

describe('store: file exchange news', () => {
  it('updates go to their connection; my sent file becomes the answer of its server file', () => {
    let s = run([
      { type: 'protocol', id: 'pku', protocol: 'file_exchange', update: { type: 'started', session_id: 's1' } },
      { type: 'protocol', id: 'pku', protocol: 'file_exchange', update: { type: 'file_available', server_file_id: 'file-1', file_id: 'in-1', since: 1, repeat: false } },
    ]);
    expect(s.conns.pku.fileExchange.files.map((f) => f.serverFileId)).toEqual(['file-1']);
    s = reduce(s, {
      type: 'file',
      file: { file_id: 'out-1', conn: 'pku', direction: 'sent', name: 'a.txt', size: 1, is_text: true, target: 'file-1', state: 'reading', done: 0, total: 1 },
    });
    expect(s.files.byId['out-1']).toBeDefined();
    expect(s.conns.pku.fileExchange.files[0].answer).toEqual({ fileId: 'out-1', state: 'answering' });
  });

  it('a file of a connection without file exchange files leaves the connections alone', () => {
    const s = initialState();
    const next = reduce(s, {
      type: 'file',
      file: { file_id: 'x', conn: 'space', direction: 'sent', name: 'a', size: 1, is_text: true, target: 'general', state: 'sent' },
    });
    expect(next.conns).toBe(s.conns);
  });

  it('the backend refusing a request answers that request (by its id), not a guessed one', () => {
    let s = run([{ type: 'ui/request', id: 'pku', request: { id: 1, kind: 'start', key: null } }]);
    s = reduce(s, { type: 'answer', id: 'pku', request_id: 1, error: 'a session is already running; abort it first' });
    expect(s.conns.pku.requests.pending).toEqual([]);
    expect(failureOf(s.conns.pku.requests, 'start')?.message).toContain('a session is already running');
  });

  it('a reconnect keeps the session; the connection closed for good loses it', () => {
    let s = run([{ type: 'protocol', id: 'pku', protocol: 'file_exchange', update: { type: 'started', session_id: 's1' } }]);
    s = run([{ type: 'connection', id: 'pku', state: 'reconnecting', attempt: 1, delay_ms: 100 }, { type: 'connection', id: 'pku', state: 'connected' }], s);
    expect(s.conns.pku.fileExchange.session).toEqual({ state: 'active', id: 's1' });
    s = reduce(s, { type: 'connection', id: 'pku', state: 'disconnected', reason: '' });
    expect(s.conns.pku.fileExchange.session).toEqual({ state: 'lost', id: 's1' });
  });
});
