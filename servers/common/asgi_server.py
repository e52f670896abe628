"""Serving a python-socketio AsyncServer on uvicorn, as the ASGI reference
servers (echo_py, space) do: logs on stderr, the port bound before uvicorn
starts (so port 0 works and `LISTENING <port>` is printed before any client
connects), exit status 0 on SIGTERM/SIGINT, like the node servers.
"""
import asyncio
import logging
import signal
import socket
import sys

import socketio
import uvicorn


def bind(host, port):
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


async def serve(sio, args, socketio_path='socket.io', started=None, **config):
    """Serve `sio` on args.host:args.port; `config` goes to uvicorn.Config."""
    app = socketio.ASGIApp(sio, socketio_path=socketio_path)
    config = uvicorn.Config(
        app,
        log_config=None,   # keep uvicorn off stdout; root logger -> stderr
        access_log=False,
        log_level='debug' if args.verbose else 'warning',
        lifespan='off',
        timeout_graceful_shutdown=1,
        **config,
    )
    # Load now (app, TLS files) so errors show before LISTENING is printed.
    config.load()
    # uvicorn catches SIGTERM/SIGINT itself: it stops accepting, gives open
    # connections (long polls, floods) timeout_graceful_shutdown seconds and
    # then re-raises the signal to the handler installed by run().
    server = uvicorn.Server(config)
    sock = bind(args.host, args.port)
    if started:
        started()
    print(f'LISTENING {sock.getsockname()[1]}', flush=True)
    await server.serve(sockets=[sock])


def run(name, args, server):
    """Log to stderr as `name`, exit 0 on SIGTERM/SIGINT, run the coroutine."""
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.verbose else logging.INFO,
        format=f'{name} %(levelname)s %(name)s: %(message)s')
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(0))
    asyncio.run(server)
