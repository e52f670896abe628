"""The harness of the Flask-SocketIO reference servers' self-tests.

A server subprocess, a recording python-socketio client, a per-test context
that closes its clients, and the runner behind ``test_server.py [-k
SUBSTRING] [-v]``: every ``t_*`` check against one shared server, then a
SIGTERM check on a server of its own; ``ok``/``FAIL`` lines and, last,
"N passed, N failed".
"""
import argparse
import queue
import re
import signal
import subprocess
import time
import traceback

import socketio

TIMEOUT = 5
QUIET = 0.3  # how long "no further event" is watched for


def eq(got, want, what=''):
    assert got == want, f'{what}: got {got!r}, want {want!r}'


class Server:
    """The server subprocess; the port comes from its LISTENING line.

    `command` ([python, server.py]) is set by a subclass; `extra` flags
    follow the common ones.
    """

    command = None

    def __init__(self, verbose=False, extra=()):
        # Short pings: python-engineio holds a pending long-poll GET open
        # after the client's CLOSE until ping interval + timeout pass, so a
        # polling client's disconnect() would otherwise take ~45 s.
        self.proc = subprocess.Popen(
            self.command + ['--host', '127.0.0.1', '--port', '0',
                            '--ping-interval', '1000',
                            '--ping-timeout', '1000', *extra],
            stdout=subprocess.PIPE,
            stderr=None if verbose else subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not re.fullmatch(r'LISTENING \d+\n', line):
            self.stop()
            raise RuntimeError(f'expected "LISTENING <port>", got {line!r}')
        self.port = int(line.split()[1])
        self.url = f'http://127.0.0.1:{self.port}'

    def stop(self):
        """SIGTERM; returns (exit status, seconds it took, rest of stdout)."""
        if self.proc.stdout.closed:
            return self.proc.returncode, 0.0, ''
        start = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        took = time.monotonic() - start
        rest = self.proc.stdout.read()
        self.proc.stdout.close()
        return self.proc.returncode, took, rest


class Peer:
    """One connected client that records every event it receives."""

    def __init__(self, srv, transport='websocket'):
        self.client = socketio.Client(reconnection=False)
        self.events = queue.Queue()
        self.client.on('*', self._record)
        self.client.connect(srv.url, transports=[transport],
                            wait_timeout=TIMEOUT)
        eq(self.client.transport(), transport, 'transport')

    def _record(self, event, *args):
        self.events.put((event, list(args)))

    def emit(self, event, *args):
        # python-socketio sends a tuple as the argument list (a bare None
        # would be sent as no argument at all).
        self.client.emit(event, tuple(args))

    def next(self, timeout=TIMEOUT):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f'no event within {timeout} s') from None

    def expect(self, event, within=TIMEOUT):
        """The single payload of the next event, which must be `event`."""
        got, args = self.next(within)
        assert got == event, f'expected {event}, got {got} {args!r}'
        assert len(args) == 1, f'{event}: expected one argument, got {args!r}'
        return args[0]

    def expect_refusal(self, event, key, fragments):
        """The next event is `event` {key: str}, the str non-empty and
        holding every fragment (case aside); returns the str."""
        payload = self.expect(event)
        assert isinstance(payload, dict), f'{event}: {payload!r}'
        eq(set(payload), {key}, f'{event} payload keys')
        msg = payload[key]
        assert isinstance(msg, str) and msg, f'{event} {key} {msg!r}'
        for f in fragments:
            assert f.lower() in msg.lower(), f'{f!r} not in {msg!r}'
        return msg

    def quiet(self, within=QUIET):
        """No event arrives within `within` seconds."""
        try:
            got = self.events.get(timeout=within)
        except queue.Empty:
            return
        raise AssertionError(f'unexpected event {got!r}')

    def close(self):
        if self.client.connected:
            self.client.disconnect()


class Ctx:
    """Hands out peers for one test and closes them afterwards.

    A subclass adds peer(...), which passes each new Peer through keep().
    """

    def __init__(self, srv, verbose=False):
        self.srv, self.verbose, self.peers = srv, verbose, []

    def keep(self, peer):
        self.peers.append(peer)
        return peer

    def finish(self):
        """After a test body that passed, still part of the test."""

    def close(self):
        for p in self.peers:
            try:
                p.close()
            except Exception:
                pass
        self.peers = []


def tests_in(namespace):
    """[(name, fn)] of the t_* functions of a module's globals(), in order."""
    return [(name[2:], fn) for name, fn in list(namespace.items())
            if name.startswith('t_') and callable(fn)]


def check_sigterm(server_class, ctx_class, attach, verbose):
    """Separate server: SIGTERM with clients attached exits quickly, rc 0.

    attach(ctx) connects the clients; returns how long the exit took.
    """
    srv = server_class(verbose)
    ctx = ctx_class(srv)
    try:
        attach(ctx)
        rc, took, rest = srv.stop()
        eq(rc, 0, 'exit status')
        assert took < 2, f'SIGTERM took {took:.2f} s'
        eq(rest, '', 'stdout after LISTENING')
        return took
    finally:
        srv.stop()
        ctx.close()


def run(doc, tests, server_class, ctx_class, attach_for_sigterm):
    """The command line of a self-test; returns the exit status.

    doc: the test module's docstring (its first line describes it).
    """
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument('-k', default='', help='run tests whose name has this')
    ap.add_argument('-v', action='store_true', help='show the server log')
    args = ap.parse_args()
    passed = failed = 0
    srv = server_class(args.v)
    try:
        for name, fn in tests:
            if args.k not in name:
                continue
            ctx = ctx_class(srv, args.v)
            start = time.monotonic()
            try:
                fn(ctx)
                ctx.finish()
            except Exception:
                failed += 1
                print(f'FAIL {name}', flush=True)
                traceback.print_exc()
            else:
                passed += 1
                print(f'ok   {name} ({time.monotonic() - start:.2f} s)',
                      flush=True)
            finally:
                ctx.close()
    finally:
        rc, took, rest = srv.stop()
    if srv.proc.returncode != 0 or rest:
        failed += 1
        print(f'FAIL shared server: exit {rc}, stdout after LISTENING '
              f'{rest!r}')
    if args.k in 'sigterm':
        try:
            took = check_sigterm(server_class, ctx_class, attach_for_sigterm,
                                 args.v)
        except Exception:
            failed += 1
            print('FAIL sigterm', flush=True)
            traceback.print_exc()
        else:
            passed += 1
            print(f'ok   sigterm (exit after {took:.2f} s)', flush=True)
    print(f'{passed} passed, {failed} failed')
    return 1 if failed or not passed else 0
