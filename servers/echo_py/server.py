#!/usr/bin/env python3
"""Reference Socket.IO echo server (python-socketio, ASGI on uvicorn).

Behaves exactly like servers/echo_node/server.js so that every test can run
against both implementations. See servers/README.md for the event list.

Prints ``LISTENING <port>`` as the only line on stdout once the socket is
bound; everything else goes to stderr.
"""
import argparse
import asyncio
import json
import logging
import time
from urllib.parse import parse_qsl

import socketio

import os
import sys

# The shared serving code is in servers/common: servers/ goes on the path so
# that this file runs as a script from any directory.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common.asgi_server import run, serve  # noqa: E402

NAMESPACES = ['/', '/pku', '/admin']

log = logging.getLogger('echo_py')

# Events whose ack requests are counted for count_acks.
COUNTED_ACK_EVENTS = ('echo', 'ack_echo')


class EchoServer(socketio.AsyncServer):
    """AsyncServer that counts ack requests.

    A python-socketio handler is called the same way whether or not the
    client asked for an ack (its return value is simply dropped when there
    is none), so the only place that sees the ack id is the packet dispatch.
    """
    ack_requests = 0  # ack_echo + echo-with-ack, all namespaces

    async def _handle_event(self, eio_sid, namespace, id, data):
        if id is not None and data and data[0] in COUNTED_ACK_EVENTS:
            self.ack_requests += 1
        await super()._handle_event(eio_sid, namespace, id, data)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=0, help='0 = pick a free port')
    p.add_argument('--tls-cert', help='PEM certificate: serve HTTPS/WSS')
    p.add_argument('--tls-key', help='PEM private key for --tls-cert')
    p.add_argument('--path', default='/socket.io/', help='engine.io path')
    p.add_argument('--transports', default='websocket,polling',
                   help='comma separated: websocket,polling')
    p.add_argument('--ping-interval', type=int, default=25000, help='ms')
    p.add_argument('--ping-timeout', type=int, default=20000, help='ms')
    p.add_argument('--verbose', action='store_true', help='debug logging')
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error('--tls-cert and --tls-key go together')
    return args


def make_server(args):
    transports = [t.strip() for t in args.transports.split(',') if t.strip()]
    sio = EchoServer(
        async_mode='asgi',
        # Test clients are not browsers; never reject them on Origin.
        cors_allowed_origins='*',
        transports=transports,
        ping_interval=args.ping_interval / 1000,
        ping_timeout=args.ping_timeout / 1000,
        # Library loggers propagate to our stderr handler with --verbose.
        logger=args.verbose and logging.getLogger('socketio'),
        engineio_logger=args.verbose and logging.getLogger('engineio'),
    )
    for ns in NAMESPACES:
        register(sio, ns)
    return sio


def register(sio, ns):
    """Attach the same handlers to namespace ``ns``."""

    def environ_of(sid):
        return sio.get_environ(sid, namespace=ns) or {}

    def query_of(environ):
        # All query params as strings (EIO, transport, t, ... included);
        # the last value wins for a repeated key, as in node's handshake.query.
        return dict(parse_qsl(environ.get('QUERY_STRING', ''),
                              keep_blank_values=True))

    def x_headers_of(environ):
        # Raw ASGI headers keep the real names (the WSGI-style HTTP_X_FOO
        # keys lose the difference between '-' and '_').
        scope = environ.get('asgi.scope') or {}
        out = {}
        for name, value in scope.get('headers', []):
            name = name.decode('latin-1').lower()
            if name.startswith('x-'):
                out.setdefault(name, value.decode('latin-1'))
        return out

    @sio.on('connect', namespace=ns)
    async def connect(sid, environ, auth):
        if isinstance(auth, dict) and auth.get('token') == 'bad':
            raise socketio.exceptions.ConnectionRefusedError('bad token')
        # The client's auth is kept for whoami (python-socketio hands us None
        # when the client sent none, or an empty object).
        await sio.save_session(sid, {'auth': auth or None}, namespace=ns)
        log.info('connect %s %s', ns, sid)
        if query_of(environ).get('binary_on_connect') == '1':
            # Events emitted inside this handler would go out BEFORE the
            # CONNECT packet, so send them from a task once connected.
            sio.start_background_task(hello_after_connect, sid)

    async def hello_after_connect(sid):
        deadline = time.monotonic() + 5
        while not sio.manager.is_connected(sid, ns):
            if time.monotonic() > deadline:
                return
            await asyncio.sleep(0.001)
        await sio.emit('bin_hello', bytes(range(256)), to=sid, namespace=ns)
        await sio.emit('hello_text', {'ok': True}, to=sid, namespace=ns)

    @sio.on('disconnect', namespace=ns)
    async def disconnect(sid, reason):
        log.info('disconnect %s %s (%s)', ns, sid, reason)

    @sio.on('whoami', namespace=ns)
    async def whoami(sid, *_):
        environ = environ_of(sid)
        session = await sio.get_session(sid, namespace=ns)
        return {
            'sid': sid,
            'namespace': ns,
            'auth': session.get('auth'),
            'query': query_of(environ),
            'headers': x_headers_of(environ),
            'transport': sio.transport(sid, namespace=ns),
        }

    @sio.on('echo', namespace=ns)
    async def echo(sid, *args):
        # A tuple is always spread into separate args, so zero, one or many
        # args (binary or JSON) go back exactly as they came.
        await sio.emit('echo', tuple(args), to=sid, namespace=ns)
        return tuple(args)

    @sio.on('ack_echo', namespace=ns)
    async def ack_echo(sid, *args):
        return tuple(args)

    @sio.on('emit_named', namespace=ns)
    async def emit_named(sid, spec=None, *_):
        spec = spec if isinstance(spec, dict) else {}
        name = str(spec.get('name', 'message'))
        # python-socketio's server emit() accepts every name, including
        # 'connect' and 'disconnect'; it goes out as a normal EVENT packet.
        args = spec.get('args')
        await sio.emit(name, tuple(args) if isinstance(args, list) else (),
                       to=sid, namespace=ns)

    @sio.on('emit_binary', namespace=ns)
    async def emit_binary(sid, spec=None, *_):
        spec = spec if isinstance(spec, dict) else {}
        count, size = int(spec.get('count', 1)), int(spec.get('size', 0))
        blobs = tuple(bytes([i % 256]) * size for i in range(count))
        await sio.emit('binary', blobs, to=sid, namespace=ns)

    @sio.on('emit_text', namespace=ns)
    async def emit_text(sid, spec=None, *_):
        spec = spec if isinstance(spec, dict) else {}
        await sio.emit('text', 'x' * int(spec.get('size', 0)), to=sid, namespace=ns)

    @sio.on('emit_mixed', namespace=ns)
    async def emit_mixed(sid, *_):
        await sio.emit('mixed', ({'a': 1}, b'\x01\x02\x03', 'text', b'\x04\x05'),
                       to=sid, namespace=ns)

    @sio.on('ask_ack', namespace=ns)
    async def ask_ack(sid, spec=None, *_):
        spec = spec if isinstance(spec, dict) else {}
        timeout = float(spec.get('timeout', 5))
        loop = asyncio.get_running_loop()
        answer = loop.create_future()

        def on_answer(*ack_args):
            if not answer.done():
                answer.set_result(list(ack_args))

        await sio.emit('question', ('what?', 42), to=sid, namespace=ns,
                       callback=on_answer)
        try:
            got = await asyncio.wait_for(answer, timeout)
        except asyncio.TimeoutError:
            await sio.emit('unanswered', to=sid, namespace=ns)
        else:
            # One argument: the list of what the client acked with.
            await sio.emit('answered', (got,), to=sid, namespace=ns)

    @sio.on('flood', namespace=ns)
    async def flood(sid, spec=None, *_):
        spec = spec if isinstance(spec, dict) else {}
        # {seconds, size}: text ticks for a time; {count, size, kind}: exactly count ticks.
        # With `rate` (events per second): paced, a tick only once it is due. Kind "stamp":
        # each tick is the time it was sent (ms since the epoch, with a fraction), for latency.
        fixed = 'count' in spec
        total = int(spec.get('count', 0))
        rate = float(spec.get('rate', 0))
        stamp = spec.get('kind') == 'stamp'
        payload = flood_payload(str(spec.get('kind', 'text')), int(spec.get('size', 16)))
        count = 0
        start = time.monotonic()
        end = start + float(spec.get('seconds', 1))
        while count < total if fixed else time.monotonic() < end:
            if not sio.manager.is_connected(sid, ns):
                return
            if rate > 0 and count >= (time.monotonic() - start) * rate:
                await asyncio.sleep(0.004)
                continue
            await sio.emit('tick', time.time() * 1000 if stamp else payload, to=sid, namespace=ns)
            count += 1
            # emit() only queues; don't let the queue outgrow a slow client.
            await wait_for_queue(sid)
        await sio.emit('flood_done', {'count': count}, to=sid, namespace=ns)

    async def wait_for_queue(sid, limit=1000):
        try:
            eio_sid = sio.manager.eio_sid_from_sid(sid, ns)
            queue = sio.eio.sockets[eio_sid].queue
        except (KeyError, AttributeError):
            return
        while queue.qsize() > limit and sio.manager.is_connected(sid, ns):
            await asyncio.sleep(0.001)

    @sio.on('kick', namespace=ns)
    async def kick(sid, *_):
        # Namespace-level server disconnect (DISCONNECT packet); the
        # engine.io connection itself is left to the client.
        await sio.disconnect(sid, namespace=ns)

    @sio.on('count_acks', namespace=ns)
    async def count_acks(sid, *_):
        return sio.ack_requests


def flood_payload(kind, size):
    """A flood's tick: `size` bytes of binary, a JSON object of about `size` bytes, or text."""
    if kind == 'binary':
        return b'\xab' * size
    if kind != 'json':
        return 'x' * size
    obj = {'id': 1, 'kind': 'reading', 'ok': True,
           'meta': {'source': 'bench', 'unit': 'ms', 'tags': ['a', 'b']}, 'items': []}
    while len(json.dumps(obj, separators=(',', ':'))) < size:
        i = len(obj['items'])
        obj['items'].append({'n': i, 'value': i * 0.5, 'label': f'item-{i}'})
    return obj


def main(argv=None):
    args = parse_args(argv)
    run('echo_py', args, serve(make_server(args), args, socketio_path=args.path,
                               ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key))


if __name__ == '__main__':
    main()
