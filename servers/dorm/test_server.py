#!/usr/bin/env python3
"""Self-test of the reference dorm room server (python-socketio Client).

    .venv/bin/python servers/dorm/test_server.py [-k SUBSTRING] [-v]

Starts servers/dorm/server.py on port 0 with the default seed (and, for
some checks, extra servers with seeds written to a temporary directory),
runs every check with synchronous python-socketio clients (websocket, and
polling where the test name says so) and exits non-zero if any check
fails. The last line is "N passed, N failed".
"""
import datetime
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The harness is in servers/common: servers/ goes on the path so that this
# file runs as a script from any directory.
sys.path.insert(0, os.path.dirname(HERE))
from common import testkit  # noqa: E402
from common.testkit import TIMEOUT, eq  # noqa: E402

SERVER = [sys.executable, os.path.join(HERE, 'server.py')]
SEED_PATH = os.path.join(HERE, 'seed.json')
SLACK = 10   # seconds a server timestamp may be off from the test's clock

with open(SEED_PATH, encoding='utf-8') as f:
    SEED = json.load(f)

ALICE, BOB, CAROL, DAVE = 'tok-alice', 'tok-bob', 'tok-carol', 'tok-dave'
ERIN, FRANK, HOMELESS = 'tok-erin', 'tok-frank', 'tok-homeless'
ROOM1 = next(r for r in SEED['rooms'] if r['room_id'] == 1)
ROOM2 = next(r for r in SEED['rooms'] if r['room_id'] == 2)
EVENTS = ('join_room', 'leave_room', 'message', 'action')


def uid(token, seed=SEED):
    return seed['tokens'][token]['user_id']


def uname(token, seed=SEED):
    return seed['tokens'][token]['username']


class Server(testkit.Server):
    """The server with the default seed, or the seed file `seed`."""

    command = SERVER

    def __init__(self, verbose=False, seed=None):
        if seed:
            with open(seed, encoding='utf-8') as f:
                self.seed = json.load(f)
        else:
            self.seed = SEED
        super().__init__(verbose, ['--seed', seed] if seed else [])


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class EpochAny:
    """Equal to any epoch-seconds number near now."""

    def __eq__(self, other):
        return is_number(other) and abs(other - time.time()) < SLACK

    def __repr__(self):
        return '<epoch seconds near now>'


NOW = EpochAny()


def check_epoch(t, what='time'):
    assert is_number(t), f'{what}: epoch seconds expected, got {t!r}'
    assert abs(t - time.time()) < SLACK, f'{what}: {t} is not now'


def check_iso(t, what='join_time'):
    assert isinstance(t, str), f'{what}: ISO-8601 string expected, got {t!r}'
    assert 'T' in t, f'{what}: {t!r} is not ISO-8601 with a T'
    d = datetime.datetime.fromisoformat(t)
    assert d.tzinfo is not None, f'{what}: {t!r} has no zone'
    age = abs(time.time() - d.timestamp())
    assert age < SLACK, f'{what}: {t!r} is not now'


class Peer(testkit.Peer):
    """One connected client that records every event it receives."""

    def __init__(self, srv, transport='websocket'):
        super().__init__(srv, transport)
        self.seed = srv.seed
        self.token = None

    def expect_error(self, event, *fragments):
        """The next event is `event` {"error": str} with the fragments."""
        msg = self.expect_refusal(event, 'error', fragments)
        # A token is a secret: errors never quote one.
        assert 'tok-' not in msg, f'error quotes a token: {msg!r}'
        return msg

    # protocol steps, each checking the shape of the success answer

    def join(self, token=None):
        """join_room; returns last_data after checking its shape."""
        token = token or self.token
        self.emit('join_room', {'token': token})
        data = self.expect('last_data')
        check_last_data(data, self.seed)
        eq(data['current_user_data'],
           {'user_id': uid(token, self.seed),
            'username': uname(token, self.seed)},
           'current_user_data')
        self.token = token
        return data

    def say(self, text):
        self.emit('message', {'token': self.token, 'message': text})

    def act(self, code):
        self.emit('action', {'token': self.token, 'action': code})

    def leave(self):
        self.emit('leave_room', {'token': self.token})


def check_last_data(d, seed=SEED):
    eq(set(d), {'current_user_data', 'room_data', 'roommates_data'},
       'last_data keys')
    eq(set(d['current_user_data']), {'user_id', 'username'},
       'current_user_data keys')
    room = d['room_data']
    eq(set(room), {'room_id', 'room_name', 'owner_id', 'room_size', 'count',
                   'create_time', 'notice'}, 'room_data keys')
    seeded = next(r for r in seed['rooms'] if r['room_id'] == room['room_id'])
    for k in ('room_name', 'owner_id', 'room_size', 'create_time', 'notice'):
        eq(room[k], seeded[k], f'room_data.{k}')
    assert re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d',
                        room['create_time']), room['create_time']
    mates = d['roommates_data']
    assert isinstance(mates, list), mates
    eq(room['count'], len(mates), 'count = roommates present')
    me = d['current_user_data']['user_id']
    assert me in [m['user_id'] for m in mates], 'joiner among roommates'
    for m in mates:
        eq(set(m), {'username', 'user_id', 'action', 'join_time'},
           'roommate keys')
        assert m['user_id'] in seeded['members'], m
        assert m['action'] is None or re.fullmatch(r'0\d', m['action']), m
        check_iso(m['join_time'])


def mates(data):
    """{user_id: roommate} of a last_data."""
    return {m['user_id']: m for m in data['roommates_data']}


def ids(data):
    return [m['user_id'] for m in data['roommates_data']]


class Ctx(testkit.Ctx):
    """Hands out peers for one test and closes them afterwards."""

    def peer(self, token=None, transport='websocket', srv=None):
        """A connected peer; joined to its room when a token is given."""
        p = self.keep(Peer(srv or self.srv, transport))
        if token is not None:
            p.join(token)
        return p

    def finish(self):
        self.close()
        self.settle()

    def settle(self):
        """Wait until the shared server has nobody in any room.

        A disconnect is handled by the server after the client's
        disconnect() may have returned, so the next test could still see
        this one's users. A probe joins each room and leaves again until
        it finds itself alone there.
        """
        for token in (ALICE, ERIN):
            probe = Peer(self.srv)
            try:
                deadline = time.monotonic() + TIMEOUT
                while True:
                    probe.emit('join_room', {'token': token})
                    event, args = probe.next()
                    probe.emit('leave_room', {'token': token})
                    if event == 'last_data':
                        # A second leave is refused, which shows the first
                        # was handled before the probe disconnects.
                        probe.emit('leave_room', {'token': token})
                        probe.expect_error('leave_room', 'join_room first')
                    if event == 'last_data' and ids(args[0]) == [uid(token)]:
                        break
                    if time.monotonic() > deadline:
                        raise AssertionError(
                            f'still present after the test: {args!r}')
                    time.sleep(0.05)
            finally:
                probe.close()


def wait_for(check, what):
    """Retry check() (which raises AssertionError) for up to TIMEOUT s."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise AssertionError(f'{what}: not within {TIMEOUT} s')
            time.sleep(0.05)


def write_seed(tmp, name, seed):
    path = os.path.join(tmp, name)
    with open(path, 'w', encoding='utf-8') as f:
        if isinstance(seed, str):
            f.write(seed)
        else:
            json.dump(seed, f, ensure_ascii=False)
    return path


# --- join_room --------------------------------------------------------------

def t_join_last_data(ctx):
    p = ctx.peer()
    d = p.join(ALICE)
    eq(d['current_user_data'], {'user_id': 1, 'username': 'alice'}, 'me')
    eq(d['room_data'], {
        'room_id': 1, 'room_name': 'Room 101', 'owner_id': 1,
        'room_size': 4, 'count': 1, 'create_time': ROOM1['create_time'],
        'notice': ROOM1['notice']}, 'room_data')
    assert '\n' in d['room_data']['notice'], 'the notice is multi-line'
    eq(len(d['roommates_data']), 1, 'roommates')
    m = d['roommates_data'][0]
    eq((m['username'], m['user_id'], m['action']), ('alice', 1, None),
       'roommate')
    check_iso(m['join_time'])
    p.quiet()


def t_second_joiner_sees_both(ctx):
    a = ctx.peer()
    first = a.join(ALICE)
    d = ctx.peer().join(DAVE)
    eq(d['current_user_data'], {'user_id': 4, 'username': 'Zoë 大卫'},
       'non-ASCII username')
    eq(d['room_data']['count'], 2, 'count')
    eq(ids(d), [1, 4], 'roommates, seed order')
    eq(mates(d)[1]['join_time'], first['roommates_data'][0]['join_time'],
       "alice's join_time unchanged")
    eq(mates(d)[4]['username'], 'Zoë 大卫', 'roommate username')
    # The seed has no event telling the others; they refresh by joining.
    a.quiet()
    again = a.join()
    eq(ids(again), [1, 4], 'refreshed roster')


def t_whole_room_of_four(ctx):
    peers = [ctx.peer() for _ in range(4)]
    for i, (p, token) in enumerate(zip(peers, (DAVE, BOB, ALICE, CAROL))):
        d = p.join(token)
        eq(d['room_data']['count'], i + 1, 'count grows')
    eq(ids(d), [1, 2, 3, 4], 'all four, seed order')
    eq(d['room_data']['room_size'], 4, 'size')
    for p in peers:
        p.quiet(0.05)


def t_refresh_resends_last_data(ctx):
    p = ctx.peer()
    d1 = p.join(ALICE)
    time.sleep(0.02)
    d2 = p.join(ALICE)
    eq(d2, d1, 'refresh gives the same data')
    p.quiet()


def t_same_user_two_sockets(ctx):
    p1, p2, b = ctx.peer(), ctx.peer(), ctx.peer()
    d1 = p1.join(ALICE)
    d2 = p2.join(ALICE)
    eq(d2['room_data']['count'], 1, 'one user, two sockets')
    eq(d2['roommates_data'], d1['roommates_data'], 'same join_time')
    b.join(BOB)
    b.say('hi both')
    for p in (p1, p2, b):
        eq(p.expect('message')['message'], 'hi both', 'every socket gets it')
    p1.close()
    # Alice is still present through p2, with her first join_time.
    wait_for(lambda: eq(p2.join()['roommates_data'][0],
                        d1['roommates_data'][0], 'alice still there'),
             'alice kept')
    p2.close()
    wait_for(lambda: eq(ids(b.join()), [2], 'alice gone'),
             'alice gone after her last socket')


def t_join_bad_token(ctx):
    p = ctx.peer()
    for token in ('nope', '', 'TOK-ALICE', ' tok-alice'):
        p.emit('join_room', {'token': token})
        p.expect_error('join_room', 'unknown token')
    p.quiet()
    p.join(ALICE)  # still usable


def t_join_missing_token(ctx):
    p = ctx.peer()
    p.emit('join_room', {})
    p.expect_error('join_room', 'token')
    p.emit('join_room', {'tok': ALICE})
    p.expect_error('join_room', 'token')


def t_join_no_room(ctx):
    p = ctx.peer()
    p.emit('join_room', {'token': HOMELESS})
    p.expect_error('join_room', 'does not live in any room')
    p.emit('message', {'token': HOMELESS, 'message': 'hello?'})
    p.expect_error('message', 'join_room first')
    p.quiet()


def t_join_as_another_user_on_same_socket(ctx):
    p, c = ctx.peer(), ctx.peer()
    p.join(ALICE)
    p.emit('join_room', {'token': BOB})
    p.expect_error('join_room', 'another user')
    eq(ids(c.join(CAROL)), [1, 3], 'bob did not join, alice still in')
    p.emit('join_room', {'token': ERIN})  # another room: same answer
    p.expect_error('join_room', 'another user')
    p.leave()
    eq(ids(p.join(BOB)), [2, 3], 'after leave_room, joined as bob')


# --- message ----------------------------------------------------------------

def t_message_broadcast(ctx):
    a, b, d = ctx.peer(ALICE), ctx.peer(BOB), ctx.peer(DAVE)
    e = ctx.peer(ERIN)  # room 2 hears nothing from room 1
    b.say('hello room')
    for p in (a, b, d):
        m = p.expect('message')
        eq(set(m), {'token', 'message', 'time'}, 'message keys')
        eq(m['token'], BOB, "the seed broadcasts the sender's token")
        eq(m['message'], 'hello room', 'text')
        check_epoch(m['time'])
    e.quiet()
    # As sent: multi-line, non-ASCII, surrounding spaces kept, max length.
    for text in ('  line one\nline two 你好 🙂  ', 'x' * 1000,
                 '<b>not html</b>'):
        d.say(text)
        for p in (a, b, d):
            m = p.expect('message')
            eq((m['token'], m['message']), (DAVE, text), 'as sent')
    e.say('room two only')
    eq(e.expect('message')['token'], ERIN, 'erin hears herself')
    for p in (a, b, d):
        p.quiet(0.1)


def t_message_errors(ctx):
    a, b = ctx.peer(), ctx.peer(BOB)
    a.emit('message', {'token': ALICE, 'message': 'early'})
    a.expect_error('message', 'join_room first')
    a.join(ALICE)
    cases = [
        ({'token': 'nope', 'message': 'x'}, 'unknown token'),
        ({'token': BOB, 'message': 'x'}, 'not the one'),
        ({'token': ALICE}, '"message"'),
        ({'token': ALICE, 'message': 5}, 'string'),
        ({'token': ALICE, 'message': None}, 'string'),
        ({'token': ALICE, 'message': ['x']}, 'string'),
        ({'token': ALICE, 'message': {'text': 'x'}}, 'string'),
        ({'token': ALICE, 'message': ''}, 'empty'),
        ({'token': ALICE, 'message': ' \n\t '}, 'empty'),
        ({'token': ALICE, 'message': 'y' * 1001}, '1000'),
        ({'message': 'x'}, 'token'),
    ]
    for payload, fragment in cases:
        a.emit('message', payload)
        a.expect_error('message', fragment)
    a.quiet()
    b.quiet()
    a.say('fine')
    eq(b.expect('message')['message'], 'fine', 'still works')


# --- action -----------------------------------------------------------------

def t_action_broadcast(ctx):
    a, b = ctx.peer(ALICE), ctx.peer(BOB)
    e = ctx.peer(ERIN)
    a.act('05')
    for p in (a, b):
        m = p.expect('action')
        eq(set(m), {'user_id', 'action', 'time'}, 'action keys')
        eq((m['user_id'], m['action']), (1, '05'), 'action')
        check_epoch(m['time'])
    e.quiet()
    c = ctx.peer()
    d = c.join(CAROL)
    eq(mates(d)[1]['action'], '05', 'a later joiner sees the activity')
    eq(mates(d)[3]['action'], None, 'no activity yet')
    a.act(None)
    for p in (a, b, c):
        eq(p.expect('action')['action'], None, 'null clears')
    eq(mates(c.join())[1]['action'], None, 'cleared in last_data')


def t_action_every_code(ctx):
    a, b = ctx.peer(ALICE), ctx.peer(BOB)
    for i in range(10):
        code = f'{i:02d}'
        b.act(code)
        for p in (a, b):
            eq(p.expect('action')['action'], code, 'code')
        eq(mates(a.join())[2]['action'], code, 'stored')


def t_action_errors(ctx):
    a, b = ctx.peer(), ctx.peer(BOB)
    a.emit('action', {'token': ALICE, 'action': '01'})
    a.expect_error('action', 'join_room first')
    a.join(ALICE)
    a.act('07')
    for p in (a, b):
        eq(p.expect('action')['action'], '07', 'set')
    cases = [
        ({'token': ALICE, 'action': '10'}, 'unknown action'),
        ({'token': ALICE, 'action': '5'}, 'unknown action'),
        ({'token': ALICE, 'action': ''}, 'unknown action'),
        ({'token': ALICE, 'action': ' 05'}, 'unknown action'),
        ({'token': ALICE, 'action': 'sleep'}, 'unknown action'),
        ({'token': ALICE, 'action': ALICE}, '9-character'),
        ({'token': ALICE, 'action': 5}, 'unknown action'),
        ({'token': ALICE, 'action': True}, 'unknown action'),
        ({'token': ALICE, 'action': ['05']}, 'unknown action'),
        ({'token': ALICE}, '"action"'),
        ({'token': 'nope', 'action': '05'}, 'unknown token'),
        ({'token': BOB, 'action': '05'}, 'not the one'),
    ]
    for payload, fragment in cases:
        a.emit('action', payload)
        a.expect_error('action', fragment)
    a.quiet()
    b.quiet()
    eq(mates(b.join())[1]['action'], '07', 'unchanged by errors')


def t_action_kept_across_rejoin(ctx):
    a = ctx.peer(ALICE)
    a.act('09')
    a.expect('action')
    a.leave()
    a.quiet()
    eq(mates(a.join())[1]['action'], '09', 'activity is stored per user')


# --- leave_room and disconnect ----------------------------------------------

def t_leave_errors(ctx):
    a, b = ctx.peer(), ctx.peer(BOB)
    a.emit('leave_room', {'token': ALICE})
    a.expect_error('leave_room', 'join_room first')
    a.join(ALICE)
    a.emit('leave_room', {'token': 'nope'})
    a.expect_error('leave_room', 'unknown token')
    a.emit('leave_room', {'token': BOB})
    a.expect_error('leave_room', 'not the one')
    a.quiet()
    eq(ids(b.join()), [1, 2], 'still joined after the errors')
    a.leave()
    a.quiet()
    a.leave()
    a.expect_error('leave_room', 'join_room first')


def t_leave_then_rejoin(ctx):
    a, b = ctx.peer(), ctx.peer(BOB)
    first = a.join(ALICE)
    a.leave()
    a.quiet()  # no answer on success
    b.say('alice gone?')
    eq(b.expect('message')['message'], 'alice gone?', 'sender')
    a.quiet()  # not in the room any more
    b.act('02')
    b.expect('action')
    a.quiet()
    a.say('still here?')
    a.expect_error('message', 'join_room first')
    a.act('01')
    a.expect_error('action', 'join_room first')
    d = b.join()
    eq((d['room_data']['count'], ids(d)), (1, [2]), 'alice left')
    time.sleep(0.02)  # join_time has millisecond resolution
    again = a.join()
    eq(ids(again), [1, 2], 'back')
    assert mates(again)[1]['join_time'] != \
        first['roommates_data'][0]['join_time'], 'a new join_time'
    b.say('welcome back')
    eq(a.expect('message')['message'], 'welcome back', 'hears again')


def t_disconnect_clears_presence(ctx):
    a, b = ctx.peer(), ctx.peer(BOB)
    first = a.join(ALICE)
    a.close()
    wait_for(lambda: eq(ids(b.join()), [2], 'roster'), 'alice gone')
    d = b.join()
    eq(d['room_data']['count'], 1, 'count')
    time.sleep(0.02)
    again = ctx.peer().join(ALICE)
    assert mates(again)[1]['join_time'] != \
        first['roommates_data'][0]['join_time'], 'join_time was cleared'
    b.say('only live sockets hear this')
    eq(b.expect('message')['message'], 'only live sockets hear this', 'b')


# --- malformed payloads -----------------------------------------------------

def t_malformed_payloads(ctx):
    p = ctx.peer()
    cases = [
        ((), 'missing'),
        ((ALICE,), 'object'),
        ((None,), 'object'),
        (([ALICE],), 'object'),
        ((5,), 'object'),
        ((True,), 'object'),
        ((b'tok-alice',), 'object'),
        (({},), 'token'),
        (({'token': 5},), 'string'),
        (({'token': None},), 'string'),
        (({'token': [ALICE]},), 'string'),
        (({'token': {'t': ALICE}},), 'string'),
        (({'token': b'tok-alice'},), 'string'),
        (({'token': ALICE}, {'token': ALICE}), 'one payload'),
    ]
    for event in EVENTS:
        for args, fragment in cases:
            p.emit(event, *args)
            p.expect_error(event, fragment)
    p.quiet()
    p.emit('no_such_event', {'token': ALICE})
    p.quiet()
    # Also when joined: the same answers, and the membership is unchanged.
    b = ctx.peer(BOB)
    p.join(ALICE)
    for event in EVENTS:
        for args, fragment in cases:
            p.emit(event, *args)
            p.expect_error(event, fragment)
    b.quiet()
    eq(ids(b.join()), [1, 2], 'still joined')


# --- full room (own server with a third user in the size-2 room) ----------

def t_full_room(ctx):
    seed = json.loads(json.dumps(SEED))
    seed['tokens']['tok-gina'] = {'user_id': 8, 'username': 'gina'}
    room = next(r for r in seed['rooms'] if r['room_id'] == 2)
    room['members'].append(8)
    with tempfile.TemporaryDirectory() as tmp:
        srv = Server(ctx.verbose, write_seed(tmp, 'crowded.json', seed))
        try:
            e = ctx.peer(ERIN, srv=srv)
            f = ctx.peer(FRANK, srv=srv)
            eq(f.join()['room_data']['count'], 2, 'two of two')
            g = ctx.peer(srv=srv)
            g.emit('join_room', {'token': 'tok-gina'})
            g.expect_error('join_room', 'full', '2 of 2')
            g.emit('message', {'token': 'tok-gina', 'message': 'let me in'})
            g.expect_error('message', 'join_room first')
            # A present user's second socket and a refresh still work.
            e2 = ctx.peer(ERIN, srv=srv)
            eq(e.join()['room_data']['count'], 2, 'refresh in a full room')
            f.leave()
            f.quiet()
            d = g.join('tok-gina')
            eq((d['room_data']['count'], ids(d)), (2, [5, 8]), 'gina in')
            f.emit('join_room', {'token': FRANK})
            f.expect_error('join_room', 'full')
            e.close()  # erin still present through e2
            e2.say('still full')
            for p in (e2, g):
                eq(p.expect('message')['token'], ERIN, 'broadcast')
            f.emit('join_room', {'token': FRANK})
            f.expect_error('join_room', 'full')
            e2.close()
            wait_for(lambda: eq(ids(f.join(FRANK)), [6, 8], 'frank in'),
                     'room free after erin left')
        finally:
            ctx.close()
            rc, _, rest = srv.stop()
            eq((rc, rest), (0, ''), 'seed server exit')


def t_bad_seed_files(ctx):
    good = json.loads(json.dumps(SEED))

    def variant(change):
        s = json.loads(json.dumps(good))
        change(s)
        return s

    def room(s, rid):
        return next(r for r in s['rooms'] if r['room_id'] == rid)

    bad = {
        'not_json.json': '{"tokens": ',
        'array.json': [],
        'two_rooms.json': variant(
            lambda s: room(s, 2)['members'].append(1)),
        'size_three.json': variant(
            lambda s: room(s, 2).update(room_size=3)),
        'bad_time.json': variant(
            lambda s: room(s, 1).update(create_time='2024-03-05T14:07:09')),
        'ghost_member.json': variant(
            lambda s: room(s, 1)['members'].append(99)),
        'no_username.json': variant(
            lambda s: s['tokens'][ALICE].pop('username')),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, seed in bad.items():
            path = write_seed(tmp, name, seed)
            r = subprocess.run(SERVER + ['--port', '0', '--seed', path],
                               capture_output=True, text=True, timeout=20)
            assert r.returncode != 0, f'{name}: exit status 0'
            eq(r.stdout, '', f'{name}: stdout')
            assert 'bad seed file' in r.stderr, f'{name}: {r.stderr!r}'


# --- transports, ordering, acks ---------------------------------------------

def t_polling(ctx):
    a = ctx.peer(ALICE)
    c = ctx.peer(CAROL, transport='polling')
    d = c.join()
    eq(ids(d), [1, 3], 'polling joiner sees both')
    c.say('from polling')
    for p in (a, c):
        m = p.expect('message')
        eq((m['token'], m['message']), (CAROL, 'from polling'), 'message')
    a.act('03')
    for p in (a, c):
        eq(p.expect('action'), {'user_id': 1, 'action': '03',
                                'time': NOW}, 'action')
    c.emit('action', {'token': CAROL, 'action': '99'})
    c.expect_error('action', 'unknown action')
    c.close()  # ~2 s over polling with 1 s pings
    wait_for(lambda: eq(ids(a.join()), [1], 'polling user gone'),
             'polling disconnect')


def t_back_to_back_events_keep_order(ctx):
    # Sent without waiting: each depends on the previous one.
    a, b = ctx.peer(), ctx.peer(BOB)
    for i in range(100):
        a.emit('join_room', {'token': ALICE})
        a.emit('message', {'token': ALICE, 'message': f'm{i}'})
        a.emit('action', {'token': ALICE, 'action': f'0{i % 10}'})
        a.emit('leave_room', {'token': ALICE})
    for i in range(100):
        eq(ids(a.expect('last_data')), [1, 2], f'round {i} join')
        eq(a.expect('message')['message'], f'm{i}', f'round {i} message')
        eq(a.expect('action')['action'], f'0{i % 10}', f'round {i} action')
    for i in range(100):
        eq(b.expect('message')['message'], f'm{i}', f'b round {i}')
        eq(b.expect('action')['action'], f'0{i % 10}', f'b round {i}')
    a.quiet()
    eq(ids(b.join()), [2], 'alice left at the end')


def t_ack_requests_are_answered(ctx):
    # Flask-SocketIO acks with the handler's return value (none here); a
    # client that asks for an ack still gets one, and the event still runs.
    p = ctx.peer()
    got = queue.Queue()
    p.client.emit('join_room', {'token': ALICE},
                  callback=lambda *a: got.put(a))
    p.expect('last_data')
    eq(got.get(timeout=TIMEOUT), (), 'ack args')
    p.client.emit('join_room', {'token': 'nope'},
                  callback=lambda *a: got.put(a))
    p.expect_error('join_room', 'unknown token')
    eq(got.get(timeout=TIMEOUT), (), 'ack args after an error')


def t_wire_format(ctx):
    """Raw JSON as a non-python client sees it: times in the three forms."""
    a = ctx.peer(ALICE)
    d = a.join()
    assert isinstance(d['room_data']['create_time'], str)
    assert ' ' in d['room_data']['create_time']
    assert isinstance(d['roommates_data'][0]['join_time'], str)
    a.say('t')
    assert is_number(a.expect('message')['time'])
    a.act('00')
    assert is_number(a.expect('action')['time'])
    for v in (d['current_user_data']['user_id'], d['room_data']['room_id'],
              d['room_data']['owner_id'], d['room_data']['room_size'],
              d['room_data']['count']):
        assert is_number(v) and isinstance(v, int), f'integer {v!r}'


def attach_for_sigterm(ctx):
    """The clients connected when the SIGTERM check stops its server."""
    ctx.peer(ALICE)
    ctx.peer(BOB, transport='polling')


if __name__ == '__main__':
    sys.exit(testkit.run(__doc__, testkit.tests_in(globals()), Server, Ctx,
                         attach_for_sigterm))
