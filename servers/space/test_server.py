#!/usr/bin/env python3
"""Self-test of the reference "The Space" server (python-socketio Client).

    .venv/bin/python servers/space/test_server.py [-k SUBSTRING] [-v]

Starts servers/space/server.py on port 0 with the default limits (and, for
some checks, extra servers with --jwt-secret or small --max-message and
--max-file-bytes), runs every check with synchronous python-socketio
clients (websocket, and polling where the test name says so) and exits
non-zero if any check fails. The last line is "N passed, N failed".
"""
import base64
import datetime
import os
import queue
import re
import subprocess
import sys
import time
import uuid

import jwt
import socketio

HERE = os.path.dirname(os.path.abspath(__file__))
# The harness is in servers/common: servers/ goes on the path so that this
# file runs as a script from any directory.
sys.path.insert(0, os.path.dirname(HERE))
from common import testkit  # noqa: E402
from common.testkit import TIMEOUT, eq  # noqa: E402

SERVER = [sys.executable, os.path.join(HERE, 'server.py')]
SLACK = 10   # seconds a server timestamp may be off from the test's clock
MIB = 1024 * 1024
MAX_MESSAGE = 2000
MAX_FILE = 25 * MIB
SECRET = 'space-test-secret-0123456789abcdef'  # >= 32 bytes for HS256
BLOCKED = ('.exe', '.bat', '.cmd', '.com', '.scr', '.msi', '.ps1', '.vbs')
HEX_ID = re.compile(r'[0-9a-f]{32}')
ISO_Z = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z')


class Server(testkit.Server):
    command = SERVER


def new_room():
    return f'room-{uuid.uuid4().hex[:10]}'


def b64(data):
    return base64.b64encode(data).decode('ascii')


def check_timestamp(t, what='timestamp'):
    assert isinstance(t, str) and ISO_Z.fullmatch(t), \
        f'{what}: ISO-8601 UTC with Z expected, got {t!r}'
    d = datetime.datetime.fromisoformat(t.replace('Z', '+00:00'))
    assert abs(time.time() - d.timestamp()) < SLACK, f'{what}: {t} is not now'


class Peer(testkit.Peer):
    """A connected client (optionally with an auth payload) that records
    every event and has checked its `connected` greeting."""

    def __init__(self, srv, transport='websocket', auth=None):
        # testkit.Peer.__init__ without auth; the same otherwise.
        self.client = socketio.Client(reconnection=False)
        self.events = queue.Queue()
        self.client.on('*', self._record)
        self.client.connect(srv.url, transports=[transport], auth=auth,
                            wait_timeout=TIMEOUT)
        eq(self.client.transport(), transport, 'transport')
        self.sid = self.client.get_sid('/')
        hello = self.expect('connected')
        eq(hello, {'sid': self.sid, 'message': 'Connected to The Space'},
           'connected')
        self.names = {}  # room -> username this peer joined as

    def expect_error(self, *fragments):
        return self.expect_refusal('error', 'message', fragments)

    def me(self, room):
        return {'username': self.names[room], 'sid': self.sid}

    def join(self, room, username):
        self.emit('join_room', {'room': room, 'username': username})
        d = self.expect('joined_room')
        eq(set(d), {'room', 'users'}, 'joined_room keys')
        eq(d['room'], room, 'joined_room room')
        for u in d['users']:
            eq(set(u), {'username', 'sid'}, 'user keys')
        self.names.setdefault(room, username)
        assert self.me(room) in d['users'], f'joiner not in {d["users"]}'
        return d

    def leave(self, room):
        self.emit('leave_room', {'room': room})
        eq(self.expect('left_room'), {'room': room}, 'left_room')
        self.names.pop(room)

    def say(self, room, text):
        """send_message; returns message_sent after checking its shape."""
        self.emit('send_message', {'room': room, 'message': text})
        d = self.expect('message_sent')
        eq(set(d), {'id', 'room', 'timestamp'}, 'message_sent keys')
        eq(d['room'], room, 'message_sent room')
        assert HEX_ID.fullmatch(d['id']), d['id']
        check_timestamp(d['timestamp'])
        return d

    def send_file(self, room, filename, data, mime_type='text/plain',
                  **extra):
        """send_file with size; returns file_sent after checking it."""
        payload = {'room': room, 'filename': filename, 'content': b64(data),
                   'mime_type': mime_type, 'size': len(data), **extra}
        self.emit('send_file', payload)
        d = self.expect('file_sent')
        eq(set(d), {'id', 'room', 'filename'}, 'file_sent keys')
        eq((d['room'], d['filename']), (room, filename), 'file_sent')
        assert HEX_ID.fullmatch(d['id']), d['id']
        return d

    def users(self, room):
        self.emit('get_room_users', {'room': room})
        d = self.expect('room_users')
        eq(set(d), {'room', 'users'}, 'room_users keys')
        eq(d['room'], room, 'room_users room')
        return d['users']


class Ctx(testkit.Ctx):
    """Hands out peers (and extra servers) for one test, closes them after."""

    def __init__(self, srv, verbose=False):
        super().__init__(srv, verbose)
        self.servers = []

    def peer(self, room=None, username=None, transport='websocket',
             auth=None, srv=None):
        """A connected peer; joined to `room` when one is given."""
        p = self.keep(Peer(srv or self.srv, transport, auth))
        if room is not None:
            p.join(room, username or f'user-{p.sid[:4]}')
        return p

    def server(self, *flags):
        """A server of this test's own, started with extra flags."""
        srv = Server(self.verbose, list(flags))
        self.servers.append(srv)
        return srv

    def finish(self):
        # Extra servers must also end cleanly on SIGTERM.
        testkit.Ctx.close(self)
        servers, self.servers = self.servers, []
        for srv in servers:
            rc, _, rest = srv.stop()
            eq((rc, rest), (0, ''), 'extra server: exit status, stdout')

    def close(self):
        super().close()
        for srv in self.servers:
            srv.stop()


def refused(srv, auth, *fragments):
    """Connecting with `auth` fails with connect_error {"message"}."""
    c = socketio.Client(reconnection=False)
    got = queue.Queue()
    c.on('connect_error', lambda *a: got.put(a))
    c.on('connected', lambda *a: got.put(('connected',) + a))
    try:
        c.connect(srv.url, transports=['websocket'], auth=auth,
                  wait_timeout=TIMEOUT)
    except socketio.exceptions.ConnectionError:
        pass
    else:
        c.disconnect()
        raise AssertionError(f'auth {auth!r} was accepted')
    args = got.get(timeout=TIMEOUT)
    eq(len(args), 1, 'connect_error args')
    data = args[0]
    assert isinstance(data, dict) and set(data) == {'message'}, data
    for f in fragments:
        assert f.lower() in data['message'].lower(), \
            f'{f!r} not in {data["message"]!r}'
    assert got.empty(), f'more after connect_error: {got.get()!r}'
    return data['message']


def token(secret=SECRET, algorithm='HS256', **claims):
    claims.setdefault('sub', 'alice')
    claims.setdefault('exp', int(time.time()) + 600)
    return jwt.encode(claims, secret, algorithm=algorithm)


# --- connect ----------------------------------------------------------------

def t_connected_greeting(ctx):
    # Peer() checks connected {"sid", "message"} and that sid is the
    # client's namespace sid; without --jwt-secret any auth is accepted.
    p = ctx.peer()
    p.quiet()
    ctx.peer(auth={'token': 'not a jwt at all'})
    ctx.peer(auth={'whatever': 1})
    ctx.peer(auth={'token': token()})


def t_connected_polling(ctx):
    a = ctx.peer(transport='polling')
    room = new_room()
    a.join(room, 'poller')
    b = ctx.peer(room, 'socket')
    eq(a.expect('user_joined_room')['sid'], b.sid, 'poller hears the join')
    b.say(room, 'to the poller')
    eq(a.expect('new_message')['message'], 'to the poller', 'message')
    a.say(room, 'from the poller')
    eq(b.expect('new_message')['message'], 'from the poller', 'message')


# --- join_room --------------------------------------------------------------

def t_join_room_alone(ctx):
    p = ctx.peer()
    room = new_room()
    d = p.join(room, 'alice')
    eq(d, {'room': room, 'users': [{'username': 'alice', 'sid': p.sid}]},
       'joined_room')
    p.quiet()


def t_join_room_broadcast(ctx):
    room, other = new_room(), new_room()
    a = ctx.peer(room, 'alice')
    x = ctx.peer(other, 'xavier')
    b = ctx.peer()
    d = b.join(room, 'Zoë 大卫')
    eq(d['users'], [{'username': 'alice', 'sid': a.sid},
                    {'username': 'Zoë 大卫', 'sid': b.sid}],
       'users in join order, joiner included')
    eq(a.expect('user_joined_room'),
       {'room': room, 'username': 'Zoë 大卫', 'sid': b.sid},
       'user_joined_room')
    b.quiet()   # the joiner is not told about itself
    x.quiet()   # another room hears nothing
    c = ctx.peer()
    eq([u['sid'] for u in c.join(room, 'carol')['users']],
       [a.sid, b.sid, c.sid], 'third joiner')
    for p in (a, b):
        eq(p.expect('user_joined_room')['username'], 'carol', 'third')
    c.quiet(0.1)


def t_join_room_again(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    b = ctx.peer(room, 'bob')
    a.expect('user_joined_room')
    d = a.join(room, 'alice')
    eq([u['sid'] for u in d['users']], [a.sid, b.sid], 'same users')
    # A second join with another name keeps the first one.
    d = a.join(room, 'alice2')
    eq(d['users'][0], {'username': 'alice', 'sid': a.sid}, 'name kept')
    b.quiet()   # no duplicate user_joined_room
    eq(len(a.users(room)), 2, 'still two')


def t_join_two_rooms_two_names(ctx):
    r1, r2 = new_room(), new_room()
    a = ctx.peer(r1, 'alice')
    a.join(r2, 'ALICE in two')
    b = ctx.peer(r1, 'bob')
    c = ctx.peer(r2, 'carol')
    for p in (b, c):
        p.quiet(0.05)
    a.expect('user_joined_room')
    a.expect('user_joined_room')
    a.say(r1, 'one')
    eq(b.expect('new_message')['username'], 'alice', 'name in room 1')
    a.say(r2, 'two')
    eq(c.expect('new_message')['username'], 'ALICE in two', 'name in room 2')
    b.quiet(0.05)


def t_join_room_named_like_a_sid(ctx):
    victim = ctx.peer()
    a = ctx.peer(victim.sid, 'alice')
    b = ctx.peer(victim.sid, 'bob')
    a.expect('user_joined_room')
    a.say(victim.sid, 'not for the victim')
    b.expect('new_message')
    victim.quiet()


def t_join_room_limits(ctx):
    a = ctx.peer()
    room = 'r' * 64
    d = a.join(room, 'u' * 64)
    eq(d['users'][0]['username'], 'u' * 64, '64-character name')
    spaced = '  spaced room  '
    eq(a.join(spaced, ' me ')['room'], spaced, 'names kept as sent')


def t_join_room_errors(ctx):
    a = ctx.peer()
    ok = {'room': new_room(), 'username': 'alice'}
    cases = [
        ({'username': 'alice'}, '"room" is missing'),
        ({'room': ok['room']}, '"username" is missing'),
        ({**ok, 'room': None}, 'string'),
        ({**ok, 'room': 5}, 'string'),
        ({**ok, 'room': ['r']}, 'string'),
        ({**ok, 'room': ''}, 'room name is empty'),
        ({**ok, 'room': ' \t\n'}, 'room name is empty'),
        ({**ok, 'room': 'r' * 65}, '64'),
        ({**ok, 'username': ''}, 'username is empty'),
        ({**ok, 'username': '   '}, 'username is empty'),
        ({**ok, 'username': 'u' * 65}, '64'),
        ({**ok, 'username': {'n': 1}}, 'string'),
        ({**ok, 'username': True}, 'string'),
    ]
    for payload, fragment in cases:
        a.emit('join_room', payload)
        a.expect_error(fragment)
    a.quiet()
    a.emit('get_room_users', {'room': ok['room']})
    a.expect_error('does not exist')  # no failed join created it
    a.join(ok['room'], 'alice')  # still usable


def t_bad_payloads_every_event(ctx):
    a = ctx.peer(new_room(), 'alice')
    for event in ('join_room', 'leave_room', 'send_message', 'send_file',
                  'get_room_users'):
        for args in ((), ('text',), (5,), ([1, 2],), (True,), (b'\x00\x01',),
                     ({}, {})):
            a.emit(event, *args)
            a.expect_error(event, 'one JSON object')
        a.emit(event, {})
        a.expect_error('"room" is missing')
    a.quiet()


def t_unknown_event_ignored(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    a.emit('no_such_event', {'room': room})
    a.emit('message', {'room': room, 'message': 'hi'})
    a.quiet()
    a.say(room, 'still here')


def t_ack_requested(ctx):
    # A client asking for an ack gets one (no arguments) after the answer.
    room = new_room()
    a = ctx.peer()
    got = queue.Queue()
    a.client.emit('join_room', {'room': room, 'username': 'a'},
                  callback=lambda *x: got.put(x))
    a.expect('joined_room')
    eq(got.get(timeout=TIMEOUT), (), 'ack args')
    a.client.emit('send_message', {'room': room, 'message': ''},
                  callback=lambda *x: got.put(x))
    a.expect_error('empty')
    eq(got.get(timeout=TIMEOUT), (), 'ack args after an error')


# --- leave_room ---------------------------------------------------------------

def t_leave_room(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    b = ctx.peer(room, 'bob')
    a.expect('user_joined_room')
    a.leave(room)
    eq(b.expect('user_left_room'),
       {'room': room, 'username': 'alice', 'sid': a.sid}, 'user_left_room')
    a.quiet()
    eq(b.users(room), [{'username': 'bob', 'sid': b.sid}], 'bob alone')
    b.say(room, 'alice gone?')
    a.quiet()   # not in the room any more
    a.emit('send_message', {'room': room, 'message': 'back?'})
    a.expect_error('not in room', room)
    a.emit('leave_room', {'room': room})
    a.expect_error('you are not in room', room)
    d = a.join(room, 'alice')
    eq([u['sid'] for u in d['users']], [b.sid, a.sid], 'rejoined last')
    eq(b.expect('user_joined_room')['sid'], a.sid, 'rejoin told')


def t_leave_last_member_removes_room(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    a.leave(room)
    a.emit('get_room_users', {'room': room})
    a.expect_error('does not exist')


def t_leave_room_errors(ctx):
    room = new_room()
    a = ctx.peer()
    ctx.peer(room, 'bob')
    for payload, fragment in [
            ({'room': room}, 'you are not in room'),
            ({'room': new_room()}, 'you are not in room'),
            ({'room': 'x' * 5000}, 'you are not in room'),
            ({'room': 7}, 'string'),
            ({}, '"room" is missing')]:
        a.emit('leave_room', payload)
        msg = a.expect_error(fragment)
        assert len(msg) < 200, f'long error {len(msg)}'
    a.quiet()


# --- disconnect ---------------------------------------------------------------

def t_disconnect_broadcast(ctx):
    r1, r2 = new_room(), new_room()
    a = ctx.peer(r1, 'alice')
    a.join(r2, 'alice-2')
    b = ctx.peer(r1, 'bob')
    c = ctx.peer(r2, 'carol')
    a.expect('user_joined_room')
    a.expect('user_joined_room')
    a.close()
    eq(b.expect('user_left_room'),
       {'room': r1, 'username': 'alice', 'sid': a.sid}, 'room 1')
    eq(c.expect('user_left_room'),
       {'room': r2, 'username': 'alice-2', 'sid': a.sid}, 'room 2')
    eq(b.users(r1), [{'username': 'bob', 'sid': b.sid}], 'room 1 users')
    eq(c.users(r2), [{'username': 'carol', 'sid': c.sid}], 'room 2 users')
    b.quiet(0.1)


def t_disconnect_polling(ctx):
    room = new_room()
    a = ctx.peer(room, 'poller', transport='polling')
    b = ctx.peer(room, 'bob')
    a.expect('user_joined_room')
    a.close()
    eq(b.expect('user_left_room')['sid'], a.sid, 'polling client gone')


# --- send_message -------------------------------------------------------------

def t_message_broadcast(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    b = ctx.peer(room, 'bob')
    c = ctx.peer(room, 'carol')
    x = ctx.peer(new_room(), 'xavier')
    for _ in range(2):
        a.expect('user_joined_room')
    b.expect('user_joined_room')
    sent = a.say(room, 'hello room')
    for p in (b, c):
        eq(p.expect('new_message'),
           {'id': sent['id'], 'room': room, 'username': 'alice',
            'message': 'hello room', 'timestamp': sent['timestamp']},
           'new_message')
    a.quiet()   # the sender gets message_sent only
    x.quiet(0.05)
    # As sent: multi-line, non-ASCII, surrounding spaces, HTML, max length.
    for text in ('  line one\nline two 你好 🙂  ', 'm' * MAX_MESSAGE,
                 '<b>not html</b>', '"quotes" \\ and \u0000 nul'):
        sent = c.say(room, text)
        for p in (a, b):
            m = p.expect('new_message')
            eq((m['id'], m['username'], m['message']),
               (sent['id'], 'carol', text), 'as sent')
    c.quiet(0.05)


def t_message_ids_unique(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    ids = {a.say(room, f'n{i}')['id'] for i in range(20)}
    eq(len(ids), 20, 'distinct ids')


def t_message_same_name_two_sockets(ctx):
    # The sender's other socket (same username) does get the message.
    room = new_room()
    a1 = ctx.peer(room, 'alice')
    a2 = ctx.peer(room, 'alice')
    a1.expect('user_joined_room')
    sent = a1.say(room, 'to my other tab')
    eq(a2.expect('new_message')['id'], sent['id'], 'other socket')
    a1.quiet(0.1)


def t_message_errors(ctx):
    room = new_room()
    a = ctx.peer()
    b = ctx.peer(room, 'bob')
    a.emit('send_message', {'room': room, 'message': 'early'})
    a.expect_error('you are not in room', room)
    a.emit('send_message', {'room': new_room(), 'message': 'nowhere'})
    a.expect_error('you are not in room')
    a.join(room, 'alice')
    b.expect('user_joined_room')
    cases = [
        ({'room': room}, '"message" is missing'),
        ({'message': 'x'}, '"room" is missing'),
        ({'room': room, 'message': 5}, 'string'),
        ({'room': room, 'message': None}, 'string'),
        ({'room': room, 'message': ['x']}, 'string'),
        ({'room': room, 'message': {'text': 'x'}}, 'string'),
        ({'room': room, 'message': b'bytes'}, 'string'),
        ({'room': room, 'message': ''}, 'empty'),
        ({'room': room, 'message': ' \n\t '}, 'empty'),
        ({'room': room, 'message': 'y' * (MAX_MESSAGE + 1)}, '2000'),
        ({'room': 3, 'message': 'x'}, 'string'),
    ]
    for payload, fragment in cases:
        a.emit('send_message', payload)
        a.expect_error(fragment)
    a.quiet()
    b.quiet()
    a.say(room, 'fine')
    eq(b.expect('new_message')['message'], 'fine', 'still works')


# --- send_file ----------------------------------------------------------------

def t_file_broadcast(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    b = ctx.peer(room, 'bob')
    x = ctx.peer(new_room(), 'xavier')
    a.expect('user_joined_room')
    data = bytes(range(256)) * 4
    sent = a.send_file(room, 'Отчёт 2026.bin', data,
                       mime_type='application/octet-stream')
    f = b.expect('new_file')
    eq(set(f), {'id', 'room', 'username', 'filename', 'mime_type', 'size',
                'content', 'timestamp'}, 'new_file keys')
    eq((f['id'], f['room'], f['username'], f['filename'], f['mime_type'],
        f['size']),
       (sent['id'], room, 'alice', 'Отчёт 2026.bin',
        'application/octet-stream', len(data)), 'new_file')
    eq(base64.b64decode(f['content']), data, 'content')
    check_timestamp(f['timestamp'])
    a.quiet()   # no new_file for the sender
    x.quiet(0.05)


def t_file_optional_fields(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    b = ctx.peer(room, 'bob')
    a.expect('user_joined_room')
    # No size and no mime_type: the decoded size, application/octet-stream.
    b.emit('send_file', {'room': room, 'filename': 'note.txt',
                         'content': b64(b'hello')})
    b.expect('file_sent')
    f = a.expect('new_file')
    eq((f['size'], f['mime_type'], f['content']),
       (5, 'application/octet-stream', 'aGVsbG8='), 'defaults')
    # An empty file, size 0; null size and mime_type count as absent.
    b.emit('send_file', {'room': room, 'filename': 'empty', 'content': '',
                         'size': None, 'mime_type': None})
    b.expect('file_sent')
    f = a.expect('new_file')
    eq((f['size'], f['content'], f['mime_type']),
       (0, '', 'application/octet-stream'), 'empty file')
    # Names that only look suspicious are fine.
    for name in ('n' * 255, 'setup.exe.txt', 'x.exec', '.bashrc',
                 'com', 'a b.PDF'):
        b.send_file(room, name, b'.')
        eq(a.expect('new_file')['filename'], name, 'accepted name')


def t_file_10mib_round_trip(ctx):
    # A server of its own with the default pings: the shared one pings every
    # second, and a pure-Python client busy reading 13 MB can miss one.
    srv = ctx.server('--ping-interval', '25000', '--ping-timeout', '20000')
    room = new_room()
    a = ctx.peer(room, 'alice', srv=srv)
    b = ctx.peer(room, 'bob', srv=srv)
    a.expect('user_joined_room')
    data = os.urandom(10 * MIB)
    sent = a.send_file(room, 'big.bin', data)
    # 13 MB of base64 through a pure-Python server and client: over 5 s on a
    # busy 2-core CI machine (it failed there), so it gets a minute.
    f = b.expect('new_file', within=60)
    eq((f['id'], f['size']), (sent['id'], len(data)), 'big file')
    assert base64.b64decode(f['content']) == data, 'bytes differ'
    b.say(room, 'got it')
    eq(a.expect('new_message')['message'], 'got it', 'connection alive')


def t_file_oversize_refused(ctx):
    # One byte over the 25 MiB default: the packet itself (about 35 MB of
    # base64) is accepted by engine.io and uvicorn, the file is refused.
    room = new_room()
    a = ctx.peer(room, 'alice')
    b = ctx.peer(room, 'bob')
    a.expect('user_joined_room')
    a.emit('send_file', {'room': room, 'filename': 'huge.bin',
                         'content': b64(bytes(MAX_FILE + 1)),
                         'mime_type': 'application/octet-stream',
                         'size': MAX_FILE + 1})
    a.expect_error('too large', str(MAX_FILE))
    b.quiet()
    a.say(room, 'still connected')
    b.expect('new_message')


def t_file_errors(ctx):
    room = new_room()
    a = ctx.peer()
    b = ctx.peer(room, 'bob')
    good = {'room': room, 'filename': 'a.txt', 'content': b64(b'abc'),
            'mime_type': 'text/plain', 'size': 3}
    a.emit('send_file', good)
    a.expect_error('you are not in room', room)
    a.join(room, 'alice')
    b.expect('user_joined_room')
    cases = [
        ({**good, 'filename': ''}, 'file name is empty'),
        ({**good, 'filename': '  '}, 'file name is empty'),
        ({**good, 'filename': 'n' * 256}, '255'),
        ({**good, 'filename': 'dir/a.txt'}, '/'),
        ({**good, 'filename': '../a.txt'}, '/'),
        ({**good, 'filename': 'C:\\a.txt'}, '\\'),
        ({**good, 'filename': '..'}, 'not a file name'),
        ({**good, 'filename': 'a\nb.txt'}, 'control'),
        ({**good, 'filename': 'a\x00.txt'}, 'control'),
        ({**good, 'filename': 5}, 'string'),
        ({k: v for k, v in good.items() if k != 'filename'},
         '"filename" is missing'),
        ({k: v for k, v in good.items() if k != 'content'},
         '"content" is missing'),
        ({**good, 'content': None}, 'base64 string'),
        ({**good, 'content': 123}, 'base64 string'),
        ({**good, 'content': b'abc'}, 'base64 string'),
        ({**good, 'content': 'not base64!'}, 'not valid base64'),
        ({**good, 'content': 'YWJ'}, 'not valid base64'),       # padding
        ({**good, 'content': 'YW Jj'}, 'not valid base64'),     # space
        ({**good, 'content': 'YWJj\n'}, 'not valid base64'),    # newline
        ({**good, 'content': 'YW-j'}, 'not valid base64'),      # base64url
        ({**good, 'size': 4}, '"size" is 4'),
        ({**good, 'size': -1}, 'decodes to 3'),
        ({**good, 'size': '3'}, 'integer'),
        ({**good, 'size': 3.5}, 'integer'),
        ({**good, 'size': True}, 'integer'),
        ({**good, 'mime_type': 7}, 'string'),
        ({**good, 'mime_type': 'm' * 256}, '255'),
        ({**good, 'room': new_room()}, 'you are not in room'),
    ]
    for ext in BLOCKED:
        for name in (f'run{ext}', f'RUN{ext.upper()}',
                     f'run{ext[:2]}{ext[2:].upper()}', f'run{ext}. ',
                     f'a.b{ext}'):
            cases.append(({**good, 'filename': name}, 'not allowed'))
    for payload, fragment in cases:
        a.emit('send_file', payload)
        a.expect_error(fragment)
    a.quiet()
    b.quiet()
    a.send_file(room, 'a.txt', b'abc')
    eq(base64.b64decode(b.expect('new_file')['content']), b'abc', 'works')


# --- get_room_users -----------------------------------------------------------

def t_get_room_users(ctx):
    room = new_room()
    a = ctx.peer(room, 'alice')
    b = ctx.peer(room, 'bob')
    a.expect('user_joined_room')
    eq(a.users(room), [{'username': 'alice', 'sid': a.sid},
                       {'username': 'bob', 'sid': b.sid}], 'join order')
    outsider = ctx.peer()
    eq(len(outsider.users(room)), 2, 'anyone may ask')
    for payload, fragment in [
            ({'room': new_room()}, 'does not exist'),
            ({'room': ''}, 'does not exist'),
            ({'room': None}, 'string'),
            ({}, '"room" is missing')]:
        outsider.emit('get_room_users', payload)
        outsider.expect_error(fragment)
    outsider.quiet()


# --- flags and extra servers ------------------------------------------------

def t_limit_flags(ctx):
    srv = ctx.server('--max-message', '10', '--max-file-bytes', '1000')
    room = new_room()
    a = ctx.peer(room, 'alice', srv=srv)
    b = ctx.peer(room, 'bob', srv=srv)
    a.expect('user_joined_room')
    a.say(room, '0123456789')
    b.expect('new_message')
    a.emit('send_message', {'room': room, 'message': '0123456789!'})
    a.expect_error('longer than 10')
    a.send_file(room, 'k.bin', bytes(1000))
    eq(b.expect('new_file')['size'], 1000, 'at the limit')
    for n in (1001, 1002, 1003, 5000):
        a.emit('send_file', {'room': room, 'filename': 'k.bin',
                             'content': b64(bytes(n))})
        a.expect_error('too large', '1000')
    a.emit('send_file', {'room': room, 'filename': 'k.bin',
                         'content': 'A' * 1340 + '!!!!'})
    a.expect_error('too large')  # the length alone tells, before decoding
    b.quiet()


def t_bad_flags_refused(ctx):
    for flags in (['--max-message', '0'], ['--max-file-bytes', '-1'],
                  ['--jwt-secret', ''], ['--port', 'x']):
        r = subprocess.run(SERVER + ['--port', '0', *flags],
                           capture_output=True, text=True, timeout=TIMEOUT)
        eq((r.returncode, r.stdout), (2, ''), f'{flags}: exit, stdout')
        assert r.stderr.strip(), f'{flags}: no reason given'


def t_jwt_required(ctx):
    srv = ctx.server('--jwt-secret', SECRET)
    room = new_room()
    a = ctx.peer(auth={'token': token()}, srv=srv)
    d = a.join(room, 'alice')
    eq(len(d['users']), 1, 'joined with a valid token')
    b = ctx.peer(room, 'bob', auth={'token': token(sub='bob')}, srv=srv)
    a.expect('user_joined_room')
    b.say(room, 'authenticated')
    eq(a.expect('new_message')['message'], 'authenticated', 'chat works')
    now = int(time.time())
    refused(srv, None, 'missing token')
    refused(srv, {}, 'missing token')
    refused(srv, {'jwt': token()}, 'missing token')
    refused(srv, {'token': 42}, 'invalid token')
    refused(srv, {'token': ''}, 'invalid token')
    refused(srv, {'token': 'not.a.jwt'}, 'invalid token')
    refused(srv, {'token': token(secret='another-secret-0123456789abcdef')},
            'invalid token', 'signature')
    refused(srv, {'token': token(exp=now - 60)}, 'invalid token', 'expired')
    refused(srv, {'token': token(nbf=now + 600)}, 'invalid token')
    refused(srv, {'token': token(algorithm='HS512')}, 'invalid token')
    unsigned = jwt.encode({'sub': 'eve'}, None, algorithm='none')
    refused(srv, {'token': unsigned}, 'invalid token')
    # A token without exp is valid (PyJWT checks exp only when present).
    ctx.peer(auth={'token': jwt.encode({'sub': 'x'}, SECRET)}, srv=srv)
    a.quiet(0.05)
    eq(len(a.users(room)), 2, 'refused clients joined nothing')


def attach_for_sigterm(ctx):
    """The clients connected when the SIGTERM check stops its server."""
    room = new_room()
    ctx.peer(room, 'alice')
    ctx.peer(room, 'bob', transport='polling')


if __name__ == '__main__':
    sys.exit(testkit.run(__doc__, testkit.tests_in(globals()), Server, Ctx,
                         attach_for_sigterm))
