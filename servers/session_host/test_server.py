#!/usr/bin/env python3
"""Self-test of the reference session host server (python-socketio Client).

    .venv/bin/python servers/session_host/test_server.py [-k SUBSTRING] [-v]

Starts servers/session_host/server.py on port 0, runs every check against it
with synchronous python-socketio clients (websocket, and polling where the
test name says so) and exits non-zero if any check fails. The last line is
"N passed, N failed".
"""
import os
import queue
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The harness is in servers/common: servers/ goes on the path so that this
# file runs as a script from any directory.
sys.path.insert(0, os.path.dirname(HERE))
from common import testkit  # noqa: E402
from common.testkit import TIMEOUT, eq  # noqa: E402

SERVER = [sys.executable, os.path.join(HERE, 'server.py')]
KEY_RE = re.compile(r'^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$')
HOST_LEFT = {'message': 'The host left; the session is closed.'}


class Server(testkit.Server):
    command = SERVER


class Peer(testkit.Peer):
    """One connected client that records every event it receives."""

    def expect_error(self, *fragments):
        """The next event is `error` {"message": str} with the fragments."""
        return self.expect_refusal('error', 'message', fragments)

    # protocol steps, each checking the success answer

    def login(self, name, role='USER'):
        self.emit('login', {'name': name})
        eq(self.expect('login_success'),
           {'message': 'You are connected!', 'name': name, 'type': role},
           'login_success')

    def create(self):
        self.emit('create_session', {'type': 'default', 'ph_users': 0})
        payload = self.expect('send_session_key')
        eq(set(payload), {'message', 'session_key'}, 'send_session_key keys')
        eq(payload['message'], 'Session created!', 'send_session_key')
        key = payload['session_key']
        assert KEY_RE.match(key), f'session key {key!r}'
        return key

    def role(self, name):
        """Log in again (same name) and return the reported role."""
        self.emit('login', {'name': name})
        return self.expect('login_success')['type']


def joined(name):
    return {'message': 'User connected!', 'name': name}


def started(key):
    return {'message': 'Session started!', 'session_key': key}


class Ctx(testkit.Ctx):
    """Hands out peers for one test and closes them afterwards."""

    def peer(self, name=None, transport='websocket', role='USER'):
        p = self.keep(Peer(self.srv, transport))
        if name is not None:
            p.login(name, role)
        return p

    def session(self, *clients, transport='websocket'):
        """A logged-in host with a session and clients joined to it."""
        host = self.peer('host', transport)
        key = host.create()
        members = [host]
        for name in clients:
            c = self.peer(name, transport)
            c.emit('join_session', key)
            for m in members + [c]:
                eq(m.expect('user_connected'), joined(name), 'user_connected')
            members.append(c)
        return key, members


# --- login / logout ---------------------------------------------------------

def t_login(ctx):
    p = ctx.peer()
    p.login('alice')
    p.quiet()


def t_login_twice_replaces_name(ctx):
    p = ctx.peer('alice')
    p.login('bob')
    # The new name is what others see when this user joins a session.
    host = ctx.peer('host')
    key = host.create()
    p.emit('join_session', key)
    eq(host.expect('user_connected'), joined('bob'), 'host sees')
    eq(p.expect('user_connected'), joined('bob'), 'joiner sees')


def t_login_limits(ctx):
    p = ctx.peer()
    p.login('x' * 64)
    p.login('Алиса 🙂')
    p.emit('login', {'name': 'x' * 65})
    p.expect_error('64')


def t_login_malformed(ctx):
    p = ctx.peer()
    cases = [
        ((), 'payload'),
        (('alice',), 'object'),
        ((None,), 'object'),
        (([1, 2],), 'object'),
        (({},), 'name'),
        (({'nick': 'a'},), 'name'),
        (({'name': 5},), 'string'),
        (({'name': None},), 'string'),
        (({'name': ['a']},), 'string'),
        (({'name': ''},), 'empty'),
        (({'name': '   '},), 'empty'),
        (({'name': 'a'}, {'name': 'b'}), 'one argument'),
    ]
    for args, fragment in cases:
        p.emit('login', *args)
        p.expect_error(fragment)
    p.quiet()
    # Still not logged in after all that, and the connection still works.
    p.emit('logout')
    p.expect_error('not logged in')
    p.login('alice')


def t_logout(ctx):
    p = ctx.peer('alice')
    p.emit('logout')
    eq(p.expect('logout_success'), {'message': 'You are disconnected!'},
       'logout_success')
    p.emit('logout')
    p.expect_error('not logged in')
    # Logged out means logged out for every request that needs a login.
    p.emit('create_session', {'type': 'default', 'ph_users': 0})
    p.expect_error('log in')
    p.login('alice')  # and the connection is still usable


def t_logout_not_logged_in(ctx):
    p = ctx.peer()
    p.emit('logout')
    p.expect_error('not logged in')


def t_logout_with_payload_is_tolerated(ctx):
    p = ctx.peer('alice')
    p.emit('logout', {'whatever': 1})
    p.expect('logout_success')


# --- create_session ---------------------------------------------------------

def t_create_session(ctx):
    host = ctx.peer('alice')
    key = host.create()
    # The host is not told user_connected about itself.
    host.quiet()
    eq(host.role('alice'), 'HOST', 'role after create')


def t_create_session_fresh_keys(ctx):
    keys = set()
    for i in range(5):
        keys.add(ctx.peer(f'h{i}').create())
    eq(len(keys), 5, 'distinct keys')


def t_create_session_not_logged_in(ctx):
    p = ctx.peer()
    p.emit('create_session', {'type': 'default', 'ph_users': 0})
    p.expect_error('log in')


def t_create_session_twice(ctx):
    p = ctx.peer('alice')
    p.create()
    p.emit('create_session', {'type': 'default', 'ph_users': 0})
    p.expect_error('already in a session')


def t_create_session_while_client(ctx):
    key, (host, c) = ctx.session('carol')
    c.emit('create_session', {'type': 'default', 'ph_users': 0})
    c.expect_error('already in a session')


def t_create_session_malformed(ctx):
    p = ctx.peer('alice')
    cases = [
        ((), 'payload'),
        (('default',), 'object'),
        ((None,), 'object'),
        (({'ph_users': 0},), 'type'),
        (({'type': 'default'},), 'ph_users'),
        (({'type': 'party', 'ph_users': 0},), 'default'),
        (({'type': None, 'ph_users': 0},), 'default'),
        (({'type': 'default', 'ph_users': '0'},), 'integer'),
        (({'type': 'default', 'ph_users': 0.5},), 'integer'),
        (({'type': 'default', 'ph_users': False},), 'integer'),
        (({'type': 'default', 'ph_users': 2},), 'must be 0'),
        (({'type': 'default', 'ph_users': 0}, 1), 'one argument'),
    ]
    for args, fragment in cases:
        p.emit('create_session', *args)
        p.expect_error(fragment)
    p.quiet()
    eq(p.role('alice'), 'USER', 'no session was made')
    p.create()


# --- join_session -----------------------------------------------------------

def t_join_by_plain_string(ctx):
    host = ctx.peer('host')
    key = host.create()
    c = ctx.peer('carol')
    c.emit('join_session', key)
    eq(c.expect('user_connected'), joined('carol'), 'joiner')
    eq(host.expect('user_connected'), joined('carol'), 'host')
    host.quiet()
    c.quiet()
    eq(c.role('carol'), 'CLIENT', 'joiner role')
    eq(host.role('host'), 'HOST', 'host role')


def t_join_by_object(ctx):
    host = ctx.peer('host')
    key = host.create()
    c = ctx.peer('carol')
    c.emit('join_session', {'session_key': key})
    eq(c.expect('user_connected'), joined('carol'), 'joiner')
    eq(host.expect('user_connected'), joined('carol'), 'host')
    eq(c.role('carol'), 'CLIENT', 'joiner role')


def t_join_key_case_and_spaces(ctx):
    host = ctx.peer('host')
    key = host.create()
    c = ctx.peer('carol')
    c.emit('join_session', f'  {key.lower()} ')
    eq(c.expect('user_connected'), joined('carol'), 'joiner')
    eq(host.expect('user_connected'), joined('carol'), 'host')


def t_user_connected_reaches_every_member(ctx):
    key, members = ctx.session('c1', 'c2', 'c3')  # checks along the way
    for m in members:
        m.quiet()
    # Someone outside the session hears nothing.
    outsider = ctx.peer('outsider')
    other_key = ctx.peer('other').create()
    assert other_key != key
    d = ctx.peer('d')
    d.emit('join_session', {'session_key': key})
    for m in members + [d]:
        eq(m.expect('user_connected'), joined('d'), 'fourth join')
    outsider.quiet()


def t_join_not_logged_in(ctx):
    key = ctx.peer('host').create()
    p = ctx.peer()
    p.emit('join_session', key)
    p.expect_error('log in')
    p.login('late')
    p.emit('join_session', key)
    p.expect('user_connected')


def t_join_unknown_key(ctx):
    p = ctx.peer('alice')
    p.emit('join_session', 'ZZZZZZ')
    p.expect_error('no session', 'ZZZZZZ')
    p.emit('join_session', {'session_key': 'NOPE42'})
    p.expect_error('no session')
    p.emit('join_session', 'Q' * 5000)
    msg = p.expect_error('no session')
    assert len(msg) < 100, f'long key echoed back: {len(msg)} chars'
    eq(p.role('alice'), 'USER', 'role')


def t_join_twice(ctx):
    key, (host, c) = ctx.session('carol')
    c.emit('join_session', key)
    c.expect_error('already in a session')
    other = ctx.peer('other').create()
    c.emit('join_session', other)
    c.expect_error('already in a session')
    host.quiet()


def t_host_joins_own_session(ctx):
    host = ctx.peer('host')
    key = host.create()
    host.emit('join_session', key)
    host.expect_error('already in a session')


def t_join_malformed(ctx):
    ctx.peer('host').create()
    p = ctx.peer('alice')
    cases = [
        ((), 'payload'),
        ((None,), 'session key'),
        ((123456,), 'session key'),
        ((['ABCDEF'],), 'session key'),
        (({},), 'session_key'),
        (({'key': 'ABCDEF'},), 'session_key'),
        (({'session_key': 5},), 'string'),
        (({'session_key': None},), 'string'),
        (('',), 'empty'),
        (('   ',), 'empty'),
        (({'session_key': ''},), 'empty'),
        (('ABCDEF', 'x'), 'one argument'),
    ]
    for args, fragment in cases:
        p.emit('join_session', *args)
        p.expect_error(fragment)
    p.quiet()
    eq(p.role('alice'), 'USER', 'role')


def t_started_session_refuses_joins(ctx):
    key, (host, c) = ctx.session('carol')
    host.emit('proccess_check', {'session_key': key})
    host.expect('session_started')
    c.expect('session_started')
    late = ctx.peer('late')
    late.emit('join_session', key)
    late.expect_error('already started')
    eq(late.role('late'), 'USER', 'role')
    host.quiet()
    c.quiet()


# --- proccess_check ---------------------------------------------------------

def t_proccess_check_by_host(ctx):
    key, members = ctx.session('c1', 'c2')
    outsider = ctx.peer('outsider')
    members[0].emit('proccess_check', {'session_key': key})
    for m in members:
        eq(m.expect('session_started'), started(key), 'session_started')
        m.quiet()
    outsider.quiet()
    # Roles do not change by starting.
    eq(members[0].role('host'), 'HOST', 'host role')
    eq(members[1].role('c1'), 'CLIENT', 'client role')


def t_proccess_check_by_client(ctx):
    key, (host, c) = ctx.session('carol')
    c.emit('proccess_check', {'session_key': key})
    c.expect_error('only the host')
    host.quiet()
    # Not started: others can still join.
    d = ctx.peer('d')
    d.emit('join_session', key)
    d.expect('user_connected')


def t_proccess_check_by_outsider(ctx):
    key, (host,) = ctx.session()
    out = ctx.peer('outsider')
    out.emit('proccess_check', {'session_key': key})
    out.expect_error('only the host')
    # The host of another session cannot start this one either.
    other = ctx.peer('otherhost')
    other.create()
    other.emit('proccess_check', {'session_key': key})
    other.expect_error('only the host')
    host.quiet()


def t_proccess_check_twice(ctx):
    key, (host, c) = ctx.session('carol')
    host.emit('proccess_check', {'session_key': key})
    host.expect('session_started')
    c.expect('session_started')
    host.emit('proccess_check', {'session_key': key})
    host.expect_error('already started')
    c.quiet()


def t_proccess_check_plain_string_and_case(ctx):
    key, (host, c) = ctx.session('carol')
    host.emit('proccess_check', key.lower())
    eq(host.expect('session_started'), started(key), 'host')
    eq(c.expect('session_started'), started(key), 'client')


def t_proccess_check_unknown_key(ctx):
    host = ctx.peer('host')
    host.create()
    host.emit('proccess_check', {'session_key': 'ZZZZZZ'})
    host.expect_error('no session')


def t_proccess_check_not_logged_in(ctx):
    key = ctx.peer('host').create()
    p = ctx.peer()
    p.emit('proccess_check', {'session_key': key})
    p.expect_error('log in')


def t_proccess_check_malformed(ctx):
    key, (host, c) = ctx.session('carol')
    cases = [
        ((), 'payload'),
        ((None,), 'session key'),
        ((7,), 'session key'),
        (({},), 'session_key'),
        (({'session_key': 7},), 'string'),
        (({'session_key': ''},), 'empty'),
        (({'session_key': key}, 1), 'one argument'),
    ]
    for args, fragment in cases:
        host.emit('proccess_check', *args)
        host.expect_error(fragment)
    c.quiet()
    # Nothing was started.
    d = ctx.peer('d')
    d.emit('join_session', key)
    d.expect('user_connected')


# --- leaving ----------------------------------------------------------------

def t_host_disconnect_closes_session(ctx):
    key, (host, c1, c2) = ctx.session('c1', 'c2')
    host.close()
    for c, name in ((c1, 'c1'), (c2, 'c2')):
        eq(c.expect('error'), HOST_LEFT, 'members told')
        c.quiet()
        # Still logged in, no longer in a session.
        eq(c.role(name), 'USER', 'role after close')
    late = ctx.peer('late')
    late.emit('join_session', key)
    late.expect_error('no session')
    # A former member can make a session of their own now.
    c1.create()


def t_host_logout_closes_session(ctx):
    key, (host, c) = ctx.session('carol')
    host.emit('logout')
    host.expect('logout_success')
    eq(c.expect('error'), HOST_LEFT, 'member told')
    host.quiet()
    host.login('host')  # USER again
    c.emit('join_session', key)
    c.expect_error('no session')


def t_client_disconnect_keeps_session(ctx):
    key, (host, c1, c2) = ctx.session('c1', 'c2')
    c1.close()
    host.quiet()
    c2.quiet()
    d = ctx.peer('d')
    d.emit('join_session', key)
    for m in (host, c2, d):
        eq(m.expect('user_connected'), joined('d'), 'after a client left')
    host.emit('proccess_check', {'session_key': key})
    for m in (host, c2, d):
        eq(m.expect('session_started'), started(key), 'start after leave')


def t_client_logout_leaves_session(ctx):
    key, (host, c) = ctx.session('carol')
    c.emit('logout')
    c.expect('logout_success')
    host.quiet()
    c.login('carol')  # USER, not CLIENT
    c.emit('join_session', key)  # and can come back
    eq(c.expect('user_connected'), joined('carol'), 'rejoin')
    eq(host.expect('user_connected'), joined('carol'), 'host sees rejoin')
    host.emit('proccess_check', {'session_key': key})
    host.expect('session_started')
    c.expect('session_started')


# --- ordering, transports, odd input ----------------------------------------

def t_back_to_back_events_keep_order(ctx):
    # Sent without waiting: each depends on the previous one.
    host = ctx.peer()
    for _ in range(300):
        host.emit('login', {'name': 'h'})
        host.emit('create_session', {'type': 'default', 'ph_users': 0})
        host.emit('logout')
    for _ in range(300):
        host.expect('login_success')
        key = host.expect('send_session_key')['session_key']
        host.expect('logout_success')
    c = ctx.peer()
    host.login('h')
    key = host.create()
    c.emit('login', {'name': 'c'})
    c.emit('join_session', key)
    c.emit('login', {'name': 'c'})
    c.expect('login_success')
    c.expect('user_connected')
    eq(c.expect('login_success')['type'], 'CLIENT', 'role')


def t_polling(ctx):
    host = ctx.peer('host', transport='polling')
    key = host.create()
    c = ctx.peer('carol', transport='polling')
    w = ctx.peer('walt', transport='websocket')
    c.emit('join_session', key)
    eq(c.expect('user_connected'), joined('carol'), 'polling joiner')
    eq(host.expect('user_connected'), joined('carol'), 'polling host')
    w.emit('join_session', {'session_key': key})
    for m in (host, c, w):
        eq(m.expect('user_connected'), joined('walt'), 'mixed transports')
    c.emit('proccess_check', {'session_key': key})
    c.expect_error('only the host')
    host.emit('proccess_check', {'session_key': key})
    for m in (host, c, w):
        eq(m.expect('session_started'), started(key), 'session_started')
    c.emit('login', 5)
    c.expect_error('object')
    host.close()
    eq(c.expect('error'), HOST_LEFT, 'polling member told')
    eq(w.expect('error'), HOST_LEFT, 'websocket member told')


def t_binary_and_unknown_events(ctx):
    p = ctx.peer()
    p.emit('login', {'name': b'\x00bin'})
    p.expect_error('string')
    p.emit('join_session', b'ABCDEF')
    p.expect_error('log in')
    p.login('alice')
    p.emit('join_session', b'ABCDEF')
    p.expect_error('session key')
    p.emit('no_such_event', {'x': 1})
    p.quiet()
    p.login('alice')  # still alive


def t_ack_requests_are_answered(ctx):
    # Flask-SocketIO acks with the handler's return value (none here); a
    # client that asks for an ack still gets one, and the event still runs.
    p = ctx.peer()
    got = queue.Queue()
    p.client.emit('login', {'name': 'a'}, callback=lambda *a: got.put(a))
    p.expect('login_success')
    eq(got.get(timeout=TIMEOUT), (), 'ack args')


def attach_for_sigterm(ctx):
    """The clients connected when the SIGTERM check stops its server."""
    key, (host, c) = ctx.session('carol')
    ctx.peer('poller', transport='polling')


if __name__ == '__main__':
    sys.exit(testkit.run(__doc__, testkit.tests_in(globals()), Server, Ctx,
                         attach_for_sigterm))
