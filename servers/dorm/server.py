#!/usr/bin/env python3
"""Reference "dorm room" Socket.IO server (Flask-SocketIO, threading mode).

Implements protocol 4 of PROTOCOLS.md (seed 003): users identified by a
token join the dorm room they live in, see which roommates are present and
what each is doing (activity codes "00".."09" or none), and chat.
Users and rooms come from a JSON seed file (servers/dorm/seed.json unless
--seed says otherwise); presence and activities live in memory, chat is
only relayed.
See servers/dorm/README.md for the events and the choices made.

Prints ``LISTENING <port>`` as the only line on stdout once the socket
accepts connections; everything else goes to stderr.
"""
import datetime
import json
import logging
import os
import sys
import threading
import time

from flask import Flask, request
from flask_socketio import emit
from flask_socketio import join_room as sio_join_room
from flask_socketio import leave_room as sio_leave_room

HERE = os.path.dirname(os.path.abspath(__file__))
# The shared code is in servers/common: servers/ goes on the path so that
# this file runs as a script from any directory.
sys.path.insert(0, os.path.dirname(HERE))
from common.flask_socketio_server import (  # noqa: E402
    Invalid, connection_events, handler_registrar, make_socketio, parse_args,
    serve, setup_logging, type_name)

log = logging.getLogger('dorm')

DEFAULT_SEED = os.path.join(HERE, 'seed.json')

MESSAGE_MAX = 1000
ACTIONS = tuple(f'{i:02d}' for i in range(10))  # "00".."09"
ROOM_SIZES = (2, 4)
CREATE_TIME_FORMAT = '%Y-%m-%d %H:%M:%S'


# --- seed -------------------------------------------------------------------

class SeedError(Exception):
    pass


class User:
    def __init__(self, user_id, username):
        self.user_id = user_id
        self.username = username
        self.room_id = None     # the room the user lives in, if any
        self.action = None      # current activity code or None
        self.join_time = None   # ISO-8601 string while present
        self.sids = set()       # sockets joined to the room as this user


class Room:
    def __init__(self, d):
        self.room_id = d['room_id']
        self.room_name = d['room_name']
        self.owner_id = d['owner_id']
        self.room_size = d['room_size']
        self.create_time = d['create_time']
        self.notice = d['notice']
        self.members = list(d['members'])  # user ids, seed order

    @property
    def channel(self):
        """The Socket.IO room of this dorm room."""
        return f'dorm-{self.room_id}'


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def load_seed(path):
    """(tokens: token -> user_id, users: id -> User, rooms: id -> Room)."""
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise SeedError(f'cannot read {path}: {e}') from None
    if not isinstance(data, dict):
        raise SeedError('the seed must be an object with "tokens" and '
                        '"rooms"')
    raw_tokens = data.get('tokens')
    raw_rooms = data.get('rooms')
    if not isinstance(raw_tokens, dict):
        raise SeedError('"tokens" must be an object {token: user}')
    if not isinstance(raw_rooms, list):
        raise SeedError('"rooms" must be an array')

    tokens, users = {}, {}
    for token, u in raw_tokens.items():
        if not token:
            raise SeedError('a token is empty')
        if not (isinstance(u, dict) and is_int(u.get('user_id'))
                and isinstance(u.get('username'), str) and u['username']):
            raise SeedError(f'user of token #{len(tokens) + 1} must be '
                            f'{{"user_id": int, "username": non-empty str}}')
        uid = u['user_id']
        if uid in users and users[uid].username != u['username']:
            raise SeedError(f'user {uid} has two different usernames')
        users.setdefault(uid, User(uid, u['username']))
        tokens[token] = uid

    rooms = {}
    for r in raw_rooms:
        if not isinstance(r, dict):
            raise SeedError('every room must be an object')
        rid = r.get('room_id')
        where = f'room {rid!r}'
        if not is_int(rid):
            raise SeedError(f'{where}: "room_id" must be an integer')
        if rid in rooms:
            raise SeedError(f'{where}: duplicate room_id')
        if not isinstance(r.get('room_name'), str):
            raise SeedError(f'{where}: "room_name" must be a string')
        if not is_int(r.get('owner_id')):
            raise SeedError(f'{where}: "owner_id" must be an integer')
        if r.get('room_size') not in ROOM_SIZES or \
                not is_int(r.get('room_size')):
            raise SeedError(f'{where}: "room_size" must be 2 or 4')
        try:
            datetime.datetime.strptime(r.get('create_time'),
                                       CREATE_TIME_FORMAT)
        except (TypeError, ValueError):
            raise SeedError(f'{where}: "create_time" must be '
                            f'"YYYY-MM-DD HH:MM:SS"') from None
        if not isinstance(r.get('notice'), str):
            raise SeedError(f'{where}: "notice" must be a string')
        members = r.get('members')
        if not (isinstance(members, list) and all(map(is_int, members))):
            raise SeedError(f'{where}: "members" must be an array of '
                            f'user ids')
        if len(set(members)) != len(members):
            raise SeedError(f'{where}: a member is listed twice')
        for uid in members:
            if uid not in users:
                raise SeedError(f'{where}: member {uid} has no token')
            if users[uid].room_id is not None:
                raise SeedError(f'{where}: user {uid} already lives in '
                                f'room {users[uid].room_id}')
            users[uid].room_id = rid
        room = rooms[rid] = Room(r)
        if len(members) > room.room_size:
            # Allowed on purpose: the only way to test a full room.
            log.warning('%s has %d members but room_size %d', where,
                        len(members), room.room_size)
    return tokens, users, rooms


# --- requests ---------------------------------------------------------------

def the_payload(args):
    """The single payload object of an event."""
    if not args:
        raise Invalid('The payload is missing; send an object with "token".')
    if len(args) > 1:
        raise Invalid(f'Send one payload object, not {len(args)} arguments.')
    payload = args[0]
    if not isinstance(payload, dict):
        raise Invalid(f'The payload must be an object with "token", '
                      f'got {type_name(payload)}.')
    return payload


def now_iso():
    """Now as ISO-8601 in UTC, e.g. 2024-03-05T14:07:09.123+00:00."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(
        timespec='milliseconds')


def now_epoch():
    """Now as epoch seconds (a number with milliseconds)."""
    return round(time.time(), 3)


class State:
    """Presence and activities of the seeded users.

    Handlers of different clients run in different threads (one werkzeug
    request thread per websocket / polling request), so every read-modify-
    write and the emits that report it happen under one lock; emits only
    queue packets, so holding the lock keeps the order of broadcasts the
    same as the order of state changes.
    """

    def __init__(self, seed_path):
        self.lock = threading.RLock()
        self.tokens, self.users, self.rooms = load_seed(seed_path)
        self.joined = {}  # sid -> user_id of the user it joined as

    def user_of(self, payload):
        """The User of the payload's token (never echoed back)."""
        if 'token' not in payload:
            raise Invalid('The payload has no "token".')
        token = payload['token']
        if not isinstance(token, str):
            raise Invalid(f'"token" must be a string, got {type_name(token)}.')
        uid = self.tokens.get(token)
        if uid is None:
            raise Invalid('Unknown token.')
        return self.users[uid]

    def joined_user(self, sid, payload):
        """The user of the token, who must be the one sid joined as."""
        user = self.user_of(payload)
        joined_as = self.joined.get(sid)
        if joined_as is None:
            raise Invalid('Not in the room: send join_room first.')
        if joined_as != user.user_id:
            raise Invalid('This token is not the one this connection '
                          'joined the room with.')
        return user

    def present(self, room):
        """Members of room with at least one joined socket, seed order."""
        return [self.users[uid] for uid in room.members
                if self.users[uid].sids]

    def last_data(self, user):
        room = self.rooms[user.room_id]
        present = self.present(room)
        return {
            'current_user_data': {'user_id': user.user_id,
                                  'username': user.username},
            'room_data': {
                'room_id': room.room_id,
                'room_name': room.room_name,
                'owner_id': room.owner_id,
                'room_size': room.room_size,
                'count': len(present),
                'create_time': room.create_time,
                'notice': room.notice,
            },
            'roommates_data': [
                {'username': u.username, 'user_id': u.user_id,
                 'action': u.action, 'join_time': u.join_time}
                for u in present],
        }

    def leave(self, sid):
        """Take sid out of its room; the user's last socket clears presence."""
        uid = self.joined.pop(sid, None)
        if uid is None:
            return None
        user = self.users[uid]
        user.sids.discard(sid)
        if not user.sids:
            user.join_time = None
        return user


def create_app(args):
    app = Flask(__name__)
    socketio = make_socketio(app, args)
    state = State(args.seed)
    log.info('seed %s: %d tokens, %d rooms', args.seed, len(state.tokens),
             len(state.rooms))

    def refuse(event, message):
        emit(event, {'error': message})

    # @handler(event) registers fn(sid, payload); an Invalid raised inside
    # (a missing or malformed payload too) becomes `event` {"error": str}
    # to the sender.
    handler = handler_registrar(socketio, state.lock, log, refuse,
                                lambda args: (the_payload(args),))

    def forget(sid):
        user = state.leave(sid)
        if user is not None:
            log.info('user %s left room %s (disconnect %s)', user.user_id,
                     user.room_id, sid)

    connection_events(socketio, state.lock, log, forget)

    @handler('join_room')
    def on_join_room(sid, payload):
        user = state.user_of(payload)
        if user.room_id is None:
            raise Invalid(f'{user.username} does not live in any room.')
        room = state.rooms[user.room_id]
        joined_as = state.joined.get(sid)
        if joined_as is not None and joined_as != user.user_id:
            raise Invalid('This connection already joined the room as '
                          'another user; send leave_room first.')
        if not user.sids:
            present = len(state.present(room))
            if present >= room.room_size:
                raise Invalid(f'{room.room_name} is full '
                              f'({present} of {room.room_size}).')
        if joined_as is None:
            state.joined[sid] = user.user_id
            user.sids.add(sid)
            sio_join_room(room.channel)
            if user.join_time is None:
                user.join_time = now_iso()
            log.info('user %s joined room %s (%s)', user.user_id,
                     room.room_id, sid)
        emit('last_data', state.last_data(user))

    @handler('leave_room')
    def on_leave_room(sid, payload):
        user = state.joined_user(sid, payload)
        room = state.rooms[user.room_id]
        state.leave(sid)
        sio_leave_room(room.channel)
        log.info('user %s left room %s (%s)', user.user_id, room.room_id, sid)

    @handler('message')
    def on_message(sid, payload):
        user = state.joined_user(sid, payload)
        if 'message' not in payload:
            raise Invalid('The payload has no "message".')
        text = payload['message']
        if not isinstance(text, str):
            raise Invalid(f'"message" must be a string, '
                          f'got {type_name(text)}.')
        if not text.strip():
            raise Invalid('The message is empty.')
        if len(text) > MESSAGE_MAX:
            raise Invalid(f'The message is longer than {MESSAGE_MAX} '
                          f'characters ({len(text)}).')
        room = state.rooms[user.room_id]
        # The seed broadcasts the sender's token with every message.
        emit('message', {'token': payload['token'], 'message': text,
                         'time': now_epoch()}, to=room.channel)

    @handler('action')
    def on_action(sid, payload):
        user = state.joined_user(sid, payload)
        if 'action' not in payload:
            raise Invalid('The payload has no "action" (null cancels the '
                          'current one).')
        code = payload['action']
        if code is not None and code not in ACTIONS:
            if isinstance(code, str) and len(code) <= 4:
                shown = json.dumps(code, ensure_ascii=False)
            elif isinstance(code, str):
                # Not echoed: it could be a pasted token.
                shown = f'(a {len(code)}-character string)'
            else:
                shown = f'({type_name(code)})'
            raise Invalid(f'Unknown action {shown}: use "00" to "09", '
                          f'or null for none.')
        user.action = code
        room = state.rooms[user.room_id]
        emit('action', {'user_id': user.user_id, 'action': code,
                        'time': now_epoch()}, to=room.channel)

    @socketio.on_error_default
    def on_unexpected(e):
        # Safety net: a bug in a handler still answers, on the same event.
        event = (getattr(request, 'event', None) or {}).get('message')
        log.exception('unexpected error in %s', event)
        if isinstance(event, str):
            emit(event, {'error': 'Internal server error.'})

    return app, socketio


def own_args(p):
    p.add_argument('--seed', default=DEFAULT_SEED,
                   help='users and rooms (default: seed.json next to this '
                        'file)')


def main(argv=None):
    args = parse_args(__doc__, argv, own_args)
    setup_logging('dorm', args.verbose)
    try:
        app, _ = create_app(args)
    except SeedError as e:
        log.error('bad seed file: %s', e)
        return 2
    serve(app, args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
