#!/usr/bin/env python3
"""Test peer of the socketio crate: a python-socketio 5 server.

--flavor asgi (default): socketio.AsyncServer on uvicorn.
--flavor flask: Flask-SocketIO, async_mode threading, on werkzeug.

Same behaviour as node4/peer.js and node2/peer.js; see README.md beside this
file for the events and the differences. python-socketio 5 (python-engineio
4) speaks Engine.IO v4 / Socket.IO protocol v5 only: an EIO=3 request is
answered 400.

Prints ``LISTENING <port>`` as the only line on stdout once the socket is
bound; everything else goes to stderr. SIGTERM/SIGINT: exit 0 at once.
"""
import argparse
import asyncio
import contextlib
import logging
import os
import socket
import struct
import sys
import threading
import time
from urllib.parse import parse_qs, parse_qsl

import socketio
from engineio import packet as eio_packet
from socketio import packet as sio_packet

# The shared serving code is in servers/common (servers/ goes on the path so
# that this file runs as a script from any directory).
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, 'servers'))

NAMESPACES = ['/', '/admin']
MIB = 1024 * 1024

log = logging.getLogger('py_peer')


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--flavor', choices=('asgi', 'flask'), default='asgi')
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=0, help='0 = pick a free port')
    p.add_argument('--path', default='/socket.io/', help='engine.io path')
    p.add_argument('--transports', default='polling,websocket',
                   help='comma separated: polling,websocket')
    p.add_argument('--ping-interval', type=int, default=25000, help='ms')
    p.add_argument('--ping-timeout', type=int, default=20000, help='ms')
    p.add_argument('--max-buffer', type=int, default=256 * MIB,
                   help='max_http_buffer_size, bytes')
    p.add_argument('--verbose', action='store_true', help='debug logging')
    return p.parse_args(argv)


def server_options(args):
    """python-socketio / python-engineio options common to both flavors."""
    return dict(
        # Test clients are not browsers; never reject them on Origin.
        cors_allowed_origins='*',
        # A refused connection gets CONNECT_ERROR, never CONNECT + DISCONNECT.
        always_connect=False,
        transports=[t.strip() for t in args.transports.split(',')
                    if t.strip()],
        ping_interval=args.ping_interval / 1000,
        ping_timeout=args.ping_timeout / 1000,
        max_http_buffer_size=args.max_buffer,
        # Library loggers propagate to our stderr handler with --verbose.
        logger=args.verbose and logging.getLogger('socketio'),
        engineio_logger=args.verbose and logging.getLogger('engineio'),
    )


# --- what both flavors compute the same way ---------------------------------

def spec_of(args):
    return args[0] if args and isinstance(args[0], dict) else {}


def is_binary(x):
    return isinstance(x, (bytes, bytearray, memoryview))


def js_type(x):
    """The JavaScript typeof of a decoded JSON value ("binary" for bytes)."""
    if is_binary(x):
        return 'binary'
    if isinstance(x, bool):
        return 'boolean'
    if isinstance(x, (int, float)):
        return 'number'
    if isinstance(x, str):
        return 'string'
    return 'object'  # dict, list, None (typeof null === "object")


def describe_args(args):
    """bins_back's ack: {types, lengths} (binary lengths depth first)."""
    lengths = []

    def walk(x):
        if is_binary(x):
            lengths.append(len(x))
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)

    for a in args:
        walk(a)
    return {'types': [js_type(a) for a in args], 'lengths': lengths}


def query_of(environ):
    """All query params as strings, the last value of a repeated key wins."""
    return dict(parse_qsl((environ or {}).get('QUERY_STRING', ''),
                          keep_blank_values=True))


def sid_in_query(query_string):
    if isinstance(query_string, bytes):
        query_string = query_string.decode('latin-1')
    values = parse_qs(query_string or '').get('sid')
    return values[-1] if values else None


BINS = (b'\x01\x02\x03', {'nested': b'\x04\x05', 'list': [7, b'\x06']},
        'text')


class Shared:
    """Per-process state: the `record` list and per-socket event counts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.recorded = []
        self.received = {}  # (sid, namespace) -> events received

    def count(self, sid, namespace):
        with self.lock:
            key = (sid, namespace)
            self.received[key] = self.received.get(key, 0) + 1

    def forget(self, sid, namespace):
        with self.lock:
            self.received.pop((sid, namespace), None)


def set_linger_reset(sock):
    """Make close() send RST instead of FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack('ii', 1, 0))
    except OSError:
        pass


# --- asgi: socketio.AsyncServer on uvicorn ----------------------------------

class AsyncPeerServer(socketio.AsyncServer):
    """AsyncServer that counts each socket's events (the current included)."""

    shared = None

    async def _handle_event_internal(self, server, sid, eio_sid, data,
                                     namespace, id):
        self.shared.count(sid, namespace)
        await super()._handle_event_internal(server, sid, eio_sid, data,
                                             namespace, id)


class AsgiDropper:
    """drop_transport on uvicorn: abort the TCP connections of a session.

    Also an ASGI middleware: a later request of a dropped engine.io session
    has its connection aborted too (a polling client may have no GET
    pending at the moment of the drop).
    """

    def __init__(self, app):
        self.app = app
        self.uvicorn = None  # uvicorn.Server, set by serve_asgi()
        self.dropped = {}    # eio sid -> reset?

    async def __call__(self, scope, receive, send):
        sid = sid_in_query(scope.get('query_string'))
        if sid in self.dropped:
            client = tuple(scope.get('client') or ())
            self.abort(lambda peer, _scope: peer == client, self.dropped[sid])
            return
        await self.app(scope, receive, send)

    def abort(self, match, reset):
        for proto in list(self.uvicorn.server_state.connections):
            transport = getattr(proto, 'transport', None)
            if transport is None or transport.is_closing():
                continue
            peer = transport.get_extra_info('peername')
            if not peer or not match(tuple(peer[:2]),
                                     getattr(proto, 'scope', None) or {}):
                continue
            if reset:
                sock = transport.get_extra_info('socket')
                if sock is not None:
                    set_linger_reset(sock)
            transport.abort()

    def drop(self, eio_sid, environ, reset):
        """Abort every connection that carries session eio_sid now."""
        self.dropped[eio_sid] = reset
        first = (environ or {}).get('asgi.scope') or {}
        first_client = tuple(first.get('client') or ())

        def match(peer, scope):
            # the request that opened the session (a websocket opened
            # directly has no sid in its query), and any request, polling
            # or websocket upgrade, of this session
            return peer == first_client or \
                sid_in_query(scope.get('query_string')) == eio_sid

        self.abort(match, reset)


def make_asgi(args):
    shared = Shared()
    sio = AsyncPeerServer(async_mode='asgi', **server_options(args))
    sio.shared = shared
    dropper = AsgiDropper(socketio.ASGIApp(sio, socketio_path=args.path))
    for ns in NAMESPACES:
        register_asgi(sio, ns, shared, dropper)
    return sio, dropper


def register_asgi(sio, ns, shared, dropper):
    async def emit(sid, event, args=()):
        # A tuple is always spread into separate args, so zero, one or
        # many args (binary or JSON) go out exactly as given.
        await sio.emit(event, tuple(args), to=sid, namespace=ns)

    def on(event):
        return sio.on(event, namespace=ns)

    @on('connect')
    async def connect(sid, environ, auth):
        if isinstance(auth, dict) and auth.get('token') == 'bad':
            raise socketio.exceptions.ConnectionRefusedError('bad token')
        # python-socketio hands us None for no auth, {} for an empty one.
        await sio.save_session(sid, {'auth': auth or None}, namespace=ns)
        log.info('connect %s %s', ns, sid)

    @on('disconnect')
    async def disconnect(sid, reason):
        shared.forget(sid, ns)
        log.info('disconnect %s %s (%s)', ns, sid, reason)

    @on('whoami')
    async def whoami(sid, *_):
        session = await sio.get_session(sid, namespace=ns)
        return {
            'sid': sid,
            'namespace': ns,
            'auth': session.get('auth'),
            'query': query_of(sio.get_environ(sid, namespace=ns)),
            'transport': sio.transport(sid, namespace=ns),
            'recovered': False,
        }

    @on('echo')
    async def echo(sid, *args):
        await emit(sid, 'echo', args)
        return tuple(args)

    @on('emit_named')
    async def emit_named(sid, *args):
        spec = spec_of(args)
        named = spec.get('args')
        # python-socketio's emit() accepts every name, 'connect' and
        # 'disconnect' included; it goes out as a normal EVENT packet.
        await emit(sid, str(spec.get('name', 'message')),
                   named if isinstance(named, list) else ())

    @on('emit_bins')
    async def emit_bins(sid, *_):
        await emit(sid, 'bins', BINS)

    @on('emit_hostile')
    async def emit_hostile(sid, *_):
        # Python's json.dumps writes NaN and Infinity, which strict JSON refuses.
        await emit(sid, 'hostile', (float('nan'), float('inf'), 'after'))

    @on('bins_back')
    async def bins_back(sid, *args):
        await emit(sid, 'bins_back', args)
        return describe_args(args)

    @on('ask')
    async def ask(sid, *args):
        spec = spec_of(args)
        question = spec.get('args')
        if not isinstance(question, list):
            question = ['what?', 42]
        timeout = float(spec.get('timeout_ms', 5000)) / 1000
        answer = asyncio.get_running_loop().create_future()

        def on_answer(*ack_args):
            if not answer.done():
                answer.set_result(list(ack_args))

        await sio.emit('question', tuple(question), to=sid, namespace=ns,
                       callback=on_answer)
        try:
            got = await asyncio.wait_for(answer, timeout)
        except asyncio.TimeoutError:
            await emit(sid, 'unanswered')
        else:
            await emit(sid, 'answered', (got,))  # one arg: the list

    @on('slow_ack')
    async def slow_ack(sid, *args):
        # async_handlers=True: every event runs in a task of its own.
        await asyncio.sleep(float(spec_of(args).get('delay_ms', 1000)) / 1000)
        return 'late'

    @on('record')
    async def record(sid, *args):
        with shared.lock:
            shared.recorded.append(list(args))

    @on('recorded')
    async def recorded(sid, *_):
        with shared.lock:
            return list(shared.recorded)  # one arg: the list

    @on('reset')
    async def reset(sid, *_):
        with shared.lock:
            shared.recorded.clear()
        return True

    @on('kick')
    async def kick(sid, *_):
        await sio.disconnect(sid, namespace=ns)

    @on('close_engine')
    async def close_engine(sid, *_):
        eio_sid = sio.manager.eio_sid_from_sid(sid, ns)
        eio_socket = sio.eio.sockets.get(eio_sid)
        if eio_socket is None:
            return
        # An Engine.IO CLOSE packet "1" (over websocket too), then the
        # session ends. Not sio.eio.disconnect(): that marks the session
        # closed at once, so over polling the "1" reaches the client only
        # if a GET is pending at that very moment (a GET that comes later
        # is answered 400). Here the "1" waits for the next GET, as in
        # node's engine.io.
        await eio_socket.send(eio_packet.Packet(eio_packet.CLOSE))
        try:
            await asyncio.wait_for(eio_socket.queue.join(),
                                   sio.eio.ping_interval + sio.eio.ping_timeout)
        except asyncio.TimeoutError:
            pass
        await eio_socket.close(wait=False, abort=True,
                               reason=sio.eio.reason.SERVER_DISCONNECT)
        # End the websocket at once, as the threading driver does (the asgi
        # writer would otherwise keep it open for ping interval + ping
        # timeout, and socket.io-client, which ignores a CLOSE packet over
        # websocket, would wait that long).
        await eio_socket.queue.put(None)

    @on('drop_transport')
    async def drop_transport(sid, *args):
        eio_sid = sio.manager.eio_sid_from_sid(sid, ns)
        reset = bool(spec_of(args).get('reset'))
        log.info('drop_transport %s %s (%s)', ns, sid,
                 'RST' if reset else 'FIN')
        dropper.drop(eio_sid, sio.environ.get(eio_sid), reset)
        # The engine forgets the session without a CLOSE packet.
        eio_socket = sio.eio.sockets.get(eio_sid)
        if eio_socket is not None:
            await eio_socket.close(wait=False, abort=True,
                                   reason=sio.eio.reason.TRANSPORT_ERROR)
            await eio_socket.queue.put(None)  # end a pending poll / writer

    @on('later')
    async def later(sid, *args):
        spec = spec_of(args)
        delay = float(spec.get('delay_ms', 1000)) / 1000
        count = int(spec.get('count', 1))
        event = str(spec.get('event', 'later'))

        async def fire():
            await asyncio.sleep(delay)
            # No connection state recovery in python-socketio: what is
            # emitted while the client is away is lost.
            if not sio.manager.is_connected(sid, ns):
                return
            for i in range(count):
                await emit(sid, event, (i,))
        sio.start_background_task(fire)

    @on('go_silent')
    async def go_silent(sid, *_):
        log.warning('go_silent is not implemented on python (%s %s)', ns, sid)

    @on('flood')
    async def flood(sid, *args):
        spec = spec_of(args)
        seconds = float(spec.get('seconds', 1))
        payload = 'x' * int(spec.get('size', 16))
        count = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not sio.manager.is_connected(sid, ns):
                return
            await sio.emit('tick', payload, to=sid, namespace=ns)
            count += 1
            # emit() only queues; don't let the queue outgrow a slow client.
            await wait_for_queue(sid)
        await emit(sid, 'flood_done', ({'count': count},))

    async def wait_for_queue(sid, limit=1000):
        try:
            eio_sid = sio.manager.eio_sid_from_sid(sid, ns)
            queue = sio.eio.sockets[eio_sid].queue
        except (KeyError, AttributeError):
            return
        while queue.qsize() > limit and sio.manager.is_connected(sid, ns):
            await asyncio.sleep(0.001)

    @on('count')
    async def count(sid, *_):
        with shared.lock:
            return shared.received.get((sid, ns), 0)


async def serve_asgi(dropper, args):
    import uvicorn
    from common.asgi_server import bind

    class Server(uvicorn.Server):
        # Keep run()'s SIGTERM/SIGINT handlers (exit 0 at once) instead of
        # uvicorn's graceful shutdown, which waits for open connections.
        def capture_signals(self):
            return contextlib.nullcontext()

    config = uvicorn.Config(
        dropper,
        log_config=None,   # keep uvicorn off stdout; root logger -> stderr
        access_log=False,
        log_level='debug' if args.verbose else 'warning',
        lifespan='off',
        proxy_headers=False,  # scope['client'] is the TCP peer
        ws_max_size=args.max_buffer,  # uvicorn's own limit (16 MiB default)
    )
    config.load()  # errors show before LISTENING is printed
    server = Server(config)
    dropper.uvicorn = server
    sock = bind(args.host, args.port)
    print(f'LISTENING {sock.getsockname()[1]}', flush=True)
    await server.serve(sockets=[sock])


def main_asgi(args):
    from common.asgi_server import run
    _, dropper = make_asgi(args)
    run('py_peer', args, serve_asgi(dropper, args))


# --- flask: Flask-SocketIO, threading ---------------------------------------

class WsgiDropper:
    """drop_transport on werkzeug: shut down the TCP sockets of a session.

    A WSGI middleware that knows the sockets of the requests in flight per
    engine.io sid, and cuts a later request of a dropped session at once.
    """

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.inflight = {}  # eio sid -> {socket}
        self.dropped = {}   # eio sid -> reset?

    def __call__(self, environ, start_response):
        sid = sid_in_query(environ.get('QUERY_STRING'))
        sock = environ.get('werkzeug.socket')
        if sid is None or sock is None:
            return self.app(environ, start_response)
        with self.lock:
            reset = self.dropped.get(sid)
            if reset is None:
                self.inflight.setdefault(sid, set()).add(sock)
        if reset is not None:
            self.cut(sock, reset)
            raise ConnectionError('dropped session')  # werkzeug: no answer
        try:
            return self.app(environ, start_response)
        finally:
            with self.lock:
                self.inflight.get(sid, set()).discard(sock)

    @staticmethod
    def cut(sock, reset):
        if reset:
            # RST when werkzeug closes the socket (best effort: shutdown()
            # itself sends a FIN first).
            set_linger_reset(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes the threads blocked on it
        except OSError:
            pass

    def drop(self, eio_sid, environ, reset):
        with self.lock:
            self.dropped[eio_sid] = reset
            socks = set(self.inflight.pop(eio_sid, ()))
        first = (environ or {}).get('werkzeug.socket')
        if first is not None:
            # the request that opened the session (a websocket opened
            # directly has no sid in its query)
            socks.add(first)
        for sock in socks:
            self.cut(sock, reset)


def make_flask(args):
    from flask import Flask, request
    from flask_socketio import SocketIO

    shared = Shared()
    app = Flask(__name__)
    fsio = SocketIO(
        app,
        async_mode='threading',
        # Each client's events run in order in the thread that reads them
        # (`record` keeps the arrival order); what must wait (slow_ack, ask,
        # later, flood, close_engine) runs in a thread of its own.
        async_handlers=False,
        path=args.path.strip('/'),
        **server_options(args),
    )
    sio = fsio.server  # the socketio.Server underneath

    # Count events, and tell a handler its ack id (slow_ack answers later
    # from another thread, so it sends the ACK packet itself).
    current = threading.local()
    handle_event_internal = sio._handle_event_internal

    def counting_handle_event_internal(server, sid, eio_sid, data, namespace,
                                       id):
        shared.count(sid, namespace)
        current.ack = (eio_sid, namespace, id)
        try:
            return handle_event_internal(server, sid, eio_sid, data,
                                         namespace, id)
        finally:
            current.ack = None

    sio._handle_event_internal = counting_handle_event_internal

    dropper = WsgiDropper(app.wsgi_app)  # app.wsgi_app: Flask-SocketIO's
    app.wsgi_app = dropper
    for ns in NAMESPACES:
        register_flask(fsio, sio, ns, shared, dropper, current, request)
    return app


def register_flask(fsio, sio, ns, shared, dropper, current, request):
    def emit(sid, event, args=(), **kw):
        sio.emit(event, tuple(args), to=sid, namespace=ns, **kw)

    def on(event):
        def decorator(fn):
            # Flask-SocketIO handlers get the args only; the sid is
            # request.sid.
            fsio.on(event, namespace=ns)(
                lambda *args: fn(request.sid, *args))
            return fn
        return decorator

    def background(fn, *args):
        fsio.start_background_task(fn, *args)

    auths = {}  # sid -> auth or None

    @on('connect')
    def connect(sid, auth=None):
        if isinstance(auth, dict) and auth.get('token') == 'bad':
            raise socketio.exceptions.ConnectionRefusedError('bad token')
        auths[sid] = auth or None
        log.info('connect %s %s', ns, sid)

    @on('disconnect')
    def disconnect(sid, reason=None):
        auths.pop(sid, None)
        shared.forget(sid, ns)
        log.info('disconnect %s %s (%s)', ns, sid, reason)

    @on('whoami')
    def whoami(sid, *_):
        return {
            'sid': sid,
            'namespace': ns,
            'auth': auths.get(sid),
            'query': query_of(sio.get_environ(sid, namespace=ns)),
            'transport': sio.transport(sid, namespace=ns),
            'recovered': False,
        }

    @on('echo')
    def echo(sid, *args):
        emit(sid, 'echo', args)
        return tuple(args)

    @on('emit_named')
    def emit_named(sid, *args):
        spec = spec_of(args)
        named = spec.get('args')
        emit(sid, str(spec.get('name', 'message')),
             named if isinstance(named, list) else ())

    @on('emit_bins')
    def emit_bins(sid, *_):
        emit(sid, 'bins', BINS)

    @on('bins_back')
    def bins_back(sid, *args):
        emit(sid, 'bins_back', args)
        return describe_args(args)

    @on('ask')
    def ask(sid, *args):
        spec = spec_of(args)
        question = spec.get('args')
        if not isinstance(question, list):
            question = ['what?', 42]
        timeout = float(spec.get('timeout_ms', 5000)) / 1000
        answered = threading.Event()
        got = []

        def on_answer(*ack_args):
            if not answered.is_set():
                got.append(list(ack_args))
                answered.set()

        emit(sid, 'question', question, callback=on_answer)

        def wait():
            # The answer arrives on this client's reader thread, which
            # must not be the one waiting.
            if answered.wait(timeout):
                emit(sid, 'answered', (got[0],))  # one arg: the list
            else:
                answered.set()  # a late answer is ignored
                emit(sid, 'unanswered')
        background(wait)

    @on('slow_ack')
    def slow_ack(sid, *args):
        eio_sid, namespace, ack_id = current.ack
        if ack_id is None:
            return None
        delay = float(spec_of(args).get('delay_ms', 1000)) / 1000

        def answer():
            time.sleep(delay)
            sio._send_packet(eio_sid, sio.packet_class(
                sio_packet.ACK, namespace=namespace, id=ack_id,
                data=['late']))
        background(answer)
        return sio.not_handled  # no ACK now

    @on('record')
    def record(sid, *args):
        with shared.lock:
            shared.recorded.append(list(args))

    @on('recorded')
    def recorded(sid, *_):
        with shared.lock:
            return list(shared.recorded)  # one arg: the list

    @on('reset')
    def reset(sid, *_):
        with shared.lock:
            shared.recorded.clear()
        return True

    @on('kick')
    def kick(sid, *_):
        sio.disconnect(sid, namespace=ns)

    @on('close_engine')
    def close_engine(sid, *_):
        eio_sid = sio.manager.eio_sid_from_sid(sid, ns)
        eio_socket = sio.eio.sockets.get(eio_sid)
        if eio_socket is None:
            return
        # CLOSE packet "1", then the end of the session, once a GET or the
        # websocket writer took the "1" (see the asgi close_engine); in a
        # thread of its own, not on this client's reader thread.
        eio_socket.send(eio_packet.Packet(eio_packet.CLOSE))

        def finish():
            deadline = time.monotonic() + sio.eio.ping_interval + \
                sio.eio.ping_timeout
            while eio_socket.queue.unfinished_tasks and \
                    time.monotonic() < deadline:
                time.sleep(0.005)
            eio_socket.close(wait=False, abort=True,
                             reason=sio.eio.reason.SERVER_DISCONNECT)
        background(finish)

    @on('drop_transport')
    def drop_transport(sid, *args):
        eio_sid = sio.manager.eio_sid_from_sid(sid, ns)
        reset = bool(spec_of(args).get('reset'))
        log.info('drop_transport %s %s (%s)', ns, sid,
                 'RST' if reset else 'FIN')
        dropper.drop(eio_sid, sio.environ.get(eio_sid), reset)
        eio_socket = sio.eio.sockets.get(eio_sid)
        if eio_socket is not None:
            # forget the session without a CLOSE packet (this also ends a
            # pending poll)
            background(eio_socket.close, False, True,
                       sio.eio.reason.TRANSPORT_ERROR)

    @on('later')
    def later(sid, *args):
        spec = spec_of(args)
        delay = float(spec.get('delay_ms', 1000)) / 1000
        count = int(spec.get('count', 1))
        event = str(spec.get('event', 'later'))

        def fire():
            time.sleep(delay)
            if not sio.manager.is_connected(sid, ns):
                return
            for i in range(count):
                emit(sid, event, (i,))
        background(fire)

    @on('go_silent')
    def go_silent(sid, *_):
        log.warning('go_silent is not implemented on python (%s %s)', ns, sid)

    @on('flood')
    def flood(sid, *args):
        spec = spec_of(args)
        seconds = float(spec.get('seconds', 1))
        payload = 'x' * int(spec.get('size', 16))

        def run():
            count = 0
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                if not sio.manager.is_connected(sid, ns):
                    return
                sio.emit('tick', payload, to=sid, namespace=ns)
                count += 1
                wait_for_queue(sid)
            emit(sid, 'flood_done', ({'count': count},))
        background(run)

    def wait_for_queue(sid, limit=1000):
        try:
            eio_sid = sio.manager.eio_sid_from_sid(sid, ns)
            queue = sio.eio.sockets[eio_sid].queue
        except (KeyError, AttributeError):
            return
        while queue.qsize() > limit and sio.manager.is_connected(sid, ns):
            time.sleep(0.001)

    @on('count')
    def count(sid, *_):
        with shared.lock:
            return shared.received.get((sid, ns), 0)


def main_flask(args):
    from common.flask_socketio_server import serve, setup_logging
    setup_logging('py_peer', args.verbose)
    serve(make_flask(args), args)


def main(argv=None):
    args = parse_args(argv)
    if args.flavor == 'asgi':
        main_asgi(args)
    else:
        main_flask(args)


if __name__ == '__main__':
    main()
