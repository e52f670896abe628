#!/usr/bin/env python3
"""Self-test of the two reference echo servers with a python-socketio client.

    .venv/bin/python servers/test_echo_servers.py [-k SUBSTRING] [--only py|node]

Starts servers/echo_py/server.py and servers/echo_node/server.js on port 0,
runs the same checks against each and exits non-zero if any check fails.
The last line is "N passed, N failed".
"""
import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import traceback

import socketio

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.executable
SERVERS = {
    'py': [PYTHON, os.path.join(HERE, 'echo_py', 'server.py')],
    'node': ['node', os.path.join(HERE, 'echo_node', 'server.js')],
}
TIMEOUT = 5


class Server:
    """A server subprocess; the port comes from its LISTENING line."""

    def __init__(self, kind, *extra):
        # Short pings: python-engineio holds a pending long-poll GET open
        # after the client's CLOSE until ping interval + timeout pass, so a
        # polling client's disconnect() would otherwise take ~30 s.
        self.proc = subprocess.Popen(
            SERVERS[kind] + ['--port', '0', '--ping-interval', '1000',
                             '--ping-timeout', '1000', *extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith('LISTENING '):
            self.stop()
            raise RuntimeError(f'{kind}: expected LISTENING, got {line!r}')
        self.port = int(line.split()[1])
        self.url = f'http://127.0.0.1:{self.port}'

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Recorder:
    """Collects events of one client so that a test can wait for them."""

    def __init__(self, client, namespace='/'):
        self.client, self.namespace = client, namespace
        self.events = asyncio.Queue()

    def listen(self, *names):
        for name in names:
            async def handler(*args, _name=name):
                await self.events.put((_name, list(args)))
            self.client.on(name, handler, namespace=self.namespace)
        return self

    async def next(self, timeout=TIMEOUT):
        return await asyncio.wait_for(self.events.get(), timeout)


async def ack(client, event, *args, namespace='/'):
    """Emit with an ack request; return the list of ack args."""
    fut = asyncio.get_running_loop().create_future()
    await client.emit(event, tuple(args), namespace=namespace,
                      callback=lambda *a: fut.done() or fut.set_result(list(a)))
    return await asyncio.wait_for(fut, TIMEOUT)


async def connect(url, **kw):
    kw.setdefault('transports', ['websocket'])
    kw.setdefault('wait_timeout', TIMEOUT)
    client = socketio.AsyncClient(ssl_verify=False, reconnection=False)
    # Handlers must exist before connecting so nothing sent on connect is lost.
    recorder = Recorder(client, (kw.get('namespaces') or ['/'])[0])
    if 'listen' in kw:
        recorder.listen(*kw.pop('listen'))
    await client.connect(url, **kw)
    return client, recorder


def eq(got, want, what=''):
    assert got == want, f'{what}: got {got!r}, want {want!r}'


# --- the checks; each gets a running Server ---------------------------------

async def t_whoami_websocket(srv):
    await whoami(srv, ['websocket'])


async def t_whoami_polling(srv):
    await whoami(srv, ['polling'])


async def whoami(srv, transports):
    namespaces = ['/', '/pku', '/admin']
    c, _ = await connect(srv.url + '/?room=r1&n=5', transports=transports,
                         namespaces=namespaces, auth={'user': 'u1', 'n': 2},
                         headers={'X-Test': 'yes', 'X-Other-Thing': 'b'})
    try:
        for ns in namespaces:
            [info] = await ack(c, 'whoami', namespace=ns)
            eq(info['namespace'], ns, 'namespace')
            eq(info['sid'], c.get_sid(ns), 'sid')
            eq(info['auth'], {'user': 'u1', 'n': 2}, 'auth')
            q = info['query']
            eq((q.get('room'), q.get('n'), q.get('EIO')), ('r1', '5', '4'),
               'query')
            assert all(isinstance(v, str) for v in q.values()), q
            eq(info['headers'].get('x-test'), 'yes', 'x-test header')
            eq(info['headers'].get('x-other-thing'), 'b', 'x-other-thing')
            assert all(k.startswith('x-') for k in info['headers']), info
            eq(info['transport'], transports[0], 'transport')
    finally:
        await c.disconnect()


async def t_whoami_no_auth(srv):
    c, _ = await connect(srv.url)
    try:
        [info] = await ack(c, 'whoami')
        eq(info['auth'], None, 'auth')
        eq(info['headers'], {}, 'headers')
    finally:
        await c.disconnect()


ECHO_CASES = [
    (),
    ('one',),
    (1, {'two': [2, None, True]}, 'three'),
    (b'\x00\x01\xff',),
    ([1, 2],),                                  # one list arg, not two args
    ({'a': 1}, b'\x01\x02', 'text', b'', [b'\x09']),   # mixed, nested binary
]


async def t_echo(srv):
    c, r = await connect(srv.url, listen=['echo'])
    try:
        for args in ECHO_CASES:
            await c.emit('echo', args)
            eq(await r.next(), ('echo', list(args)), f'echo {args!r}')
    finally:
        await c.disconnect()


async def t_echo_with_ack(srv):
    c, r = await connect(srv.url, listen=['echo'])
    try:
        for args in ECHO_CASES:
            eq(await ack(c, 'echo', *args), list(args), f'ack of {args!r}')
            eq(await r.next(), ('echo', list(args)), f'echo {args!r}')
            eq(await ack(c, 'ack_echo', *args), list(args), 'ack_echo')
    finally:
        await c.disconnect()


async def t_count_acks(srv):
    c, _ = await connect(srv.url)
    try:
        [before] = await ack(c, 'count_acks')
        await ack(c, 'ack_echo', 1)
        await ack(c, 'echo', 2)
        await c.emit('echo', 3)        # no ack requested: not counted
        await ack(c, 'whoami')          # not an echo: not counted
        [after] = await ack(c, 'count_acks')
        eq(after - before, 2, 'ack requests counted')
    finally:
        await c.disconnect()


async def t_emit_binary(srv):
    c, r = await connect(srv.url, listen=['binary'])
    try:
        await c.emit('emit_binary', {'count': 3, 'size': 4})
        name, args = await r.next()
        eq(args, [b'\x00' * 4, b'\x01' * 4, b'\x02' * 4], 'binary')
        await c.emit('emit_binary', {'count': 300, 'size': 1})
        name, args = await r.next()
        eq(len(args), 300, 'count')
        eq(args[257], b'\x01', 'i mod 256')
    finally:
        await c.disconnect()


async def t_emit_mixed(srv):
    c, r = await connect(srv.url, listen=['mixed'])
    try:
        await c.emit('emit_mixed')
        eq(await r.next(),
           ('mixed', [{'a': 1}, b'\x01\x02\x03', 'text', b'\x04\x05']), 'mixed')
    finally:
        await c.disconnect()


async def t_emit_named(srv):
    names = ['message', 'error', 'close', 'open', 'custom']
    c, r = await connect(srv.url, listen=names)
    try:
        for name in names:
            await c.emit('emit_named', {'name': name, 'args': [name, 1]})
            eq(await r.next(), (name, [name, 1]), name)
    finally:
        await c.disconnect()


async def t_ask_ack(srv):
    c, r = await connect(srv.url, namespaces=['/pku'],
                         listen=['answered', 'unanswered'])
    asked = []

    async def question(*args):
        asked.append(list(args))
        return ('yes', 7)
    c.on('question', question, namespace='/pku')
    try:
        await c.emit('ask_ack', {'timeout': 3}, namespace='/pku')
        eq(await r.next(), ('answered', [['yes', 7]]), 'answered')
        eq(asked, [['what?', 42]], 'question args')
    finally:
        await c.disconnect()


async def t_ask_ack_unanswered(srv):
    c, r = await connect(srv.url, listen=['answered', 'unanswered'])

    async def slow_question(*args):
        await asyncio.sleep(1.0)   # python-socketio acks when this returns
    c.on('question', slow_question)
    try:
        await c.emit('ask_ack', {'timeout': 0.2})
        eq(await r.next(), ('unanswered', []), 'unanswered')
    finally:
        await c.disconnect()


async def t_binary_on_connect(srv):
    c, r = await connect(srv.url + '/?binary_on_connect=1', namespaces=['/admin'],
                         listen=['bin_hello', 'hello_text'])
    try:
        eq(await r.next(), ('bin_hello', [bytes(range(256))]), 'bin_hello')
        eq(await r.next(), ('hello_text', [{'ok': True}]), 'hello_text')
    finally:
        await c.disconnect()


async def t_kick(srv):
    c, _ = await connect(srv.url)
    gone = asyncio.Event()
    reasons = []

    async def on_disconnect(reason=None):
        reasons.append(reason)
        gone.set()
    c.on('disconnect', on_disconnect)
    try:
        await c.emit('kick')
        await asyncio.wait_for(gone.wait(), TIMEOUT)
        eq(reasons, [c.reason.SERVER_DISCONNECT], 'disconnect reason')
    finally:
        await c.disconnect()


async def t_bad_token(srv):
    for ns in ['/', '/pku']:
        client = socketio.AsyncClient(reconnection=False)
        errors = []
        client.on('connect_error', lambda data: errors.append(data),
                  namespace=ns)
        try:
            await client.connect(srv.url, auth={'token': 'bad'},
                                 namespaces=[ns], transports=['websocket'],
                                 wait_timeout=TIMEOUT)
        except socketio.exceptions.ConnectionError:
            pass
        else:
            await client.disconnect()
            raise AssertionError(f'{ns}: bad token was accepted')
        eq([e.get('message') for e in errors], ['bad token'], 'connect_error')
        await client.disconnect()
    # A good token still works.
    c, _ = await connect(srv.url, auth={'token': 'good'})
    await c.disconnect()


async def t_flood(srv):
    c, r = await connect(srv.url, listen=['flood_done'])
    ticks = []
    c.on('tick', lambda s: ticks.append(len(s)))
    try:
        await c.emit('flood', {'seconds': 0.3, 'size': 10})
        _, [done] = await r.next(timeout=30)
        eq(len(ticks), done['count'], 'ticks received vs sent')
        assert ticks and set(ticks) == {10}, 'tick payload size'
    finally:
        await c.disconnect()


async def t_flood_rate(srv):
    # A paced flood: 300 ticks at 1,000/s take about 0.3 s, not the few ms of
    # an unpaced one, and every tick arrives.
    c, r = await connect(srv.url, listen=['flood_done'])
    ticks = []
    c.on('tick', lambda s: ticks.append(len(s)))
    try:
        start = time.monotonic()
        await c.emit('flood', {'count': 300, 'size': 16, 'rate': 1000})
        _, [done] = await r.next(timeout=30)
        took = time.monotonic() - start
        eq(done['count'], 300, 'flood_done count')
        eq(len(ticks), 300, 'ticks received')
        assert set(ticks) == {16}, 'tick payload size'
        assert 0.25 <= took < 2, f'300 ticks at 1000/s took {took:.2f}s'
    finally:
        await c.disconnect()


async def t_flood_stamp(srv):
    # Kind "stamp": each tick is the time it was sent, in ms since the epoch.
    c, r = await connect(srv.url, listen=['flood_done'])
    stamps = []
    c.on('tick', lambda s: stamps.append((s, time.time() * 1000)))
    try:
        await c.emit('flood', {'count': 50, 'kind': 'stamp', 'rate': 1000})
        _, [done] = await r.next(timeout=30)
        eq(done['count'], 50, 'flood_done count')
        eq(len(stamps), 50, 'ticks received')
        sent = [s for s, _ in stamps]
        assert sent == sorted(sent) and sent[0] < sent[-1], 'stamps go forward'
        assert all(0 <= got - s < 5000 for s, got in stamps), f'stamps are send times: {stamps[:3]}'
    finally:
        await c.disconnect()


# --- checks that start their own server -------------------------------------

async def t_tls(kind):
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = os.path.join(tmp, 'c.pem'), os.path.join(tmp, 'k.pem')
        subprocess.run([PYTHON, os.path.join(HERE, 'tools', 'make_cert.py'),
                        cert, key], check=True)
        srv = Server(kind, '--tls-cert', cert, '--tls-key', key)
        try:
            for transports in (['websocket'], ['polling']):
                c, r = await connect(f'https://127.0.0.1:{srv.port}',
                                     transports=transports, listen=['echo'])
                try:
                    [info] = await ack(c, 'whoami')
                    eq(info['transport'], transports[0], 'transport')
                    await c.emit('echo', (b'\x01', 'tls'))
                    eq(await r.next(), ('echo', [b'\x01', 'tls']), 'echo')
                finally:
                    await c.disconnect()
        finally:
            srv.stop()


async def t_path_and_transports(kind):
    srv = Server(kind, '--path', '/custom/io/', '--transports', 'polling')
    try:
        c, _ = await connect(srv.url, socketio_path='custom/io',
                             transports=['polling'])
        [info] = await ack(c, 'whoami')
        eq(info['transport'], 'polling', 'transport')
        await c.disconnect()
        # websocket is not offered, so a websocket-only client must fail.
        c = socketio.AsyncClient(reconnection=False)
        try:
            await c.connect(srv.url, socketio_path='custom/io',
                            transports=['websocket'], wait_timeout=TIMEOUT)
        except socketio.exceptions.ConnectionError:
            pass
        else:
            raise AssertionError('websocket accepted with --transports polling')
        finally:
            await c.disconnect()  # also closes the client's HTTP session
    finally:
        srv.stop()


async def t_sigterm(kind):
    srv = Server(kind)
    c, _ = await connect(srv.url, transports=['polling'])
    try:
        start = time.monotonic()
        srv.proc.terminate()
        await asyncio.get_running_loop().run_in_executor(
            None, lambda: srv.proc.wait(timeout=5))
        took = time.monotonic() - start
        assert took < 3, f'took {took:.1f}s to exit on SIGTERM'
    finally:
        srv.stop()
        await c.disconnect()


SHARED = [t_whoami_websocket, t_whoami_polling, t_whoami_no_auth, t_echo,
          t_echo_with_ack, t_count_acks, t_emit_binary, t_emit_mixed,
          t_emit_named, t_ask_ack, t_ask_ack_unanswered, t_binary_on_connect,
          t_kick, t_bad_token, t_flood, t_flood_rate, t_flood_stamp]
OWN = [t_tls, t_path_and_transports, t_sigterm]


def quiet_unclosed(loop, context):
    # python-engineio's client drops the aiohttp connection of a long poll
    # it abandons on disconnect; aiohttp then warns about it. Not our bug.
    if not context.get('message', '').startswith('Unclosed'):
        loop.default_exception_handler(context)


async def run(kinds, pattern):
    asyncio.get_running_loop().set_exception_handler(quiet_unclosed)
    passed = failed = 0

    async def one(label, coro):
        nonlocal passed, failed
        if pattern and pattern not in label:
            coro.close()
            return
        start = time.monotonic()
        try:
            await asyncio.wait_for(coro, 60)
        except Exception:
            failed += 1
            print(f'FAIL {label}', flush=True)
            traceback.print_exc()
        else:
            passed += 1
            print(f'ok   {label} ({time.monotonic() - start:.1f}s)', flush=True)

    for kind in kinds:
        srv = Server(kind)
        try:
            for test in SHARED:
                await one(f'{kind}:{test.__name__[2:]}', test(srv))
        finally:
            srv.stop()
        for test in OWN:
            await one(f'{kind}:{test.__name__[2:]}', test(kind))
    return passed, failed


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('-k', dest='pattern', help='run checks whose name has this')
    p.add_argument('--only', choices=sorted(SERVERS), help='one server only')
    args = p.parse_args()
    kinds = [args.only] if args.only else ['py', 'node']
    passed, failed = asyncio.run(run(kinds, args.pattern))
    print(f'{passed} passed, {failed} failed')
    sys.exit(1 if failed or not passed else 0)


if __name__ == '__main__':
    main()
