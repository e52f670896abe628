"""What the Flask-SocketIO reference servers (session_host, dorm) share.

Flags, logging, the SocketIO object, event handlers that turn a refused
request into an answer, and the werkzeug server that prints
``LISTENING <port>`` as the only line on stdout and leaves at once, with
status 0, on SIGTERM or SIGINT.
"""
import argparse
import logging
import signal
import sys

from flask import request
from flask_socketio import SocketIO
from werkzeug.serving import WSGIRequestHandler, make_server


# --- start-up ---------------------------------------------------------------

def parse_args(doc, argv=None, own_args=None):
    """--host, --port, the server's own flags, then the engine.io ones.

    doc: the server's module docstring (its first line describes it);
    own_args(parser): adds the server's own flags.
    """
    p = argparse.ArgumentParser(description=doc.splitlines()[0])
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=0, help='0 = pick a free port')
    if own_args is not None:
        own_args(p)
    p.add_argument('--ping-interval', type=int, default=25000, help='ms')
    p.add_argument('--ping-timeout', type=int, default=20000, help='ms')
    p.add_argument('--verbose', action='store_true',
                   help='debug logs, library logs and HTTP access lines')
    return p.parse_args(argv)


def setup_logging(prefix, verbose):
    """Every log line to stderr, starting with `prefix` (the server)."""
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if verbose else logging.INFO,
        format=f'{prefix} %(levelname)s %(name)s: %(message)s')
    if not verbose:
        # One access line per long-poll request is noise.
        logging.getLogger('werkzeug').setLevel(logging.WARNING)


def make_socketio(app, args):
    """The SocketIO of `app`: threading mode, heartbeat from the flags."""
    return SocketIO(
        app,
        async_mode='threading',
        # Test clients and the desktop app are not browsers.
        cors_allowed_origins='*',
        # Run each client's events in order, in the thread that reads them.
        # The default (True) starts a thread per event, so two requests
        # sent back to back could be handled out of order.
        async_handlers=False,
        ping_interval=args.ping_interval / 1000,
        ping_timeout=args.ping_timeout / 1000,
        logger=args.verbose and logging.getLogger('socketio'),
        engineio_logger=args.verbose and logging.getLogger('engineio'),
    )


# --- requests ---------------------------------------------------------------

class Invalid(Exception):
    """A refused request; the server's `refuse` words the answer."""


def handler_registrar(socketio, lock, log, refuse, unpack=tuple):
    """A decorator factory: ``@handler(event)`` over fn(sid, *unpack(args)).

    The registered function accepts any argument count, so a malformed
    emit never makes Flask-SocketIO raise TypeError before our code runs.
    unpack(args) (which may raise Invalid too) and fn run under `lock`; an
    Invalid raised in either is logged and answered, to the sender, by
    refuse(event, message).
    """
    def handler(event):
        def decorator(fn):
            def wrapper(*args):
                sid = request.sid
                try:
                    with lock:
                        fn(sid, *unpack(args))
                except Invalid as e:
                    log.info('%s from %s refused: %s', event, sid, e)
                    refuse(event, str(e))
            wrapper.__name__ = f'on_{event}'
            socketio.on(event)(wrapper)
            return fn
        return decorator
    return handler


def connection_events(socketio, lock, log, leave):
    """Log connects and disconnects; leave(sid) runs, under `lock`, on
    each disconnect (whatever its reason) to forget the client."""
    @socketio.on('connect')
    def on_connect(*_):
        log.info('connect %s', request.sid)

    @socketio.on('disconnect')
    def on_disconnect(*args):
        sid = request.sid
        with lock:
            leave(sid)
        log.info('disconnect %s (%s)', sid, args[0] if args else '')


def type_name(value):
    """The JSON kind of value, as said in an error message."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, (int, float)):
        return 'a number'
    if isinstance(value, str):
        return 'a string'
    if isinstance(value, (list, tuple)):
        return 'an array'
    if isinstance(value, dict):
        return 'an object'
    if isinstance(value, (bytes, bytearray)):
        return 'binary data'
    return type(value).__name__


# --- serving ----------------------------------------------------------------

class RequestHandler(WSGIRequestHandler):
    """werkzeug's handler, but a finished websocket closes the connection.

    After a websocket ends, engine.io's threading driver raises
    ConnectionError out of the WSGI app so werkzeug does not write a
    response; werkzeug ignores that (connection_dropped() is a no-op) and,
    the upgrade request being HTTP/1.1, goes on reading the same socket as
    the next HTTP request: it logs the client's websocket close frame as
    "400 Bad request syntax" and leaves the TCP connection open, so a
    client waiting for the server to close (websocket-client waits 3 s)
    hangs until its own timeout.
    """

    def connection_dropped(self, error, environ=None):
        self.close_connection = True


def serve(app, args):
    """Serve `app` on --host/--port until SIGTERM or SIGINT (SystemExit 0)."""
    # werkzeug's threaded server, as socketio.run() would use in threading
    # mode, but made directly: it binds in the constructor (so port 0 tells
    # the real port) and skips run()'s refusal of non-tty deployments.
    server = make_server(args.host, args.port, app, threaded=True,
                         request_handler=RequestHandler)
    # Connection threads are daemons (ThreadedWSGIServer.daemon_threads), so
    # leaving serve_forever() ends the process without waiting for them.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(0))
    print(f'LISTENING {server.server_port}', flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
