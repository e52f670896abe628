#!/usr/bin/env python3
"""Reference "The Space" Socket.IO server (python-socketio, ASGI on uvicorn).

Implements protocol 5 of PROTOCOLS.md (seed 004): named rooms created on
first join, chat messages and base64 files relayed to the other members,
a user list per room, validation of messages and files on the server, and
optional JWT authentication (HS256, ``auth: {"token"}``) with --jwt-secret.
Everything lives in memory; nothing is stored.
See servers/space/README.md for the events and the rules.

Prints ``LISTENING <port>`` as the only line on stdout once the socket is
bound; everything else goes to stderr. SIGTERM/SIGINT: exit status 0.
"""
import argparse
import base64
import binascii
import datetime
import json
import logging
import uuid

import jwt
import socketio

import os
import sys

# The shared serving code is in servers/common: servers/ goes on the path so
# that this file runs as a script from any directory.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common.asgi_server import run, serve  # noqa: E402

log = logging.getLogger('space')

WELCOME = 'Connected to The Space'
NAME_MAX = 64          # room names and usernames, characters
FILENAME_MAX = 255     # characters
MIME_MAX = 255         # characters
DEFAULT_MIME = 'application/octet-stream'
BLOCKED_EXTENSIONS = ('.exe', '.bat', '.cmd', '.com', '.scr', '.msi', '.ps1',
                      '.vbs')
MIB = 1024 * 1024
DEFAULT_MAX_MESSAGE = 2000
DEFAULT_MAX_FILE_BYTES = 25 * MIB


class Refusal(Exception):
    """A request the server refuses; str(self) goes back in `error`."""


def type_name(v):
    """The JSON name of a decoded value's type (binary for bytes)."""
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'a boolean'
    if isinstance(v, (int, float)):
        return 'a number'
    if isinstance(v, str):
        return 'a string'
    if isinstance(v, (list, tuple)):
        return 'an array'
    if isinstance(v, dict):
        return 'an object'
    if isinstance(v, (bytes, bytearray)):
        return 'binary data'
    return type(v).__name__


def quote(s, limit=NAME_MAX):
    """s as a JSON string for an error sentence, cut after `limit` chars."""
    if len(s) > limit:
        s = s[:limit] + '…'
    return json.dumps(s, ensure_ascii=False)


def now_iso():
    """The current UTC time, ISO-8601 with milliseconds and a Z."""
    t = datetime.datetime.now(datetime.timezone.utc)
    return t.isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def field(p, key):
    if key not in p:
        raise Refusal(f'"{key}" is missing')
    return p[key]


def string_field(p, key):
    v = field(p, key)
    if not isinstance(v, str):
        raise Refusal(f'"{key}" must be a string, not {type_name(v)}')
    return v


def name_field(p, key, what):
    """A room name or username: a non-blank string of <= NAME_MAX chars."""
    v = string_field(p, key)
    if not v.strip():
        raise Refusal(f'{what} is empty')
    if len(v) > NAME_MAX:
        raise Refusal(f'{what} is longer than {NAME_MAX} characters')
    return v


def check_filename(name):
    if not name.strip():
        raise Refusal('file name is empty')
    if len(name) > FILENAME_MAX:
        raise Refusal(f'file name is longer than {FILENAME_MAX} characters')
    if '/' in name or '\\' in name:
        raise Refusal('file name must not contain / or \\')
    if name in ('.', '..'):
        raise Refusal(f'file name {quote(name)} is not a file name')
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise Refusal('file name must not contain control characters')
    # Windows drops trailing dots and spaces: "a.exe. " runs as "a.exe".
    base = name.rstrip('. ').lower()
    for ext in BLOCKED_EXTENSIONS:
        if base.endswith(ext):
            raise Refusal(f'{ext} files are not allowed')


def base64_size(s):
    """The length a base64 string decodes to, if it is well formed."""
    pad = 2 if s.endswith('==') else 1 if s.endswith('=') else 0
    return len(s) // 4 * 3 - pad if len(s) % 4 == 0 else len(s) * 3 // 4


class SpaceServer(socketio.AsyncServer):
    """AsyncServer that greets each client once it is connected.

    Events emitted inside the connect handler would go out before the
    CONNECT packet (the client drops them), so `connected` is sent here,
    right after python-socketio has sent CONNECT.
    """

    async def _handle_connect(self, eio_sid, namespace, data):
        await super()._handle_connect(eio_sid, namespace, data)
        namespace = namespace or '/'
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        if sid is not None and self.manager.is_connected(sid, namespace):
            await self.emit('connected', {'sid': sid, 'message': WELCOME},
                            to=sid, namespace=namespace)


class Space:
    """Rooms and who is in them; the handlers of every event."""

    def __init__(self, sio, args):
        self.sio = sio
        self.args = args
        self.rooms = {}   # room name -> {sid: username}, in join order
        self.joined = {}  # sid -> [room names], in join order

    @staticmethod
    def channel(room):
        # Every sid is also a Socket.IO room: prefix ours so that a room
        # named like someone's sid never reaches that socket.
        return 'space:' + room

    def users(self, room):
        return [{'username': u, 'sid': s}
                for s, u in self.rooms.get(room, {}).items()]

    def member_name(self, sid, room):
        """The username `sid` joined `room` as; refuses a non-member."""
        members = self.rooms.get(room)
        if members is None or sid not in members:
            raise Refusal(f'you are not in room {quote(room)}')
        return members[sid]

    async def reply(self, sid, event, payload):
        await self.sio.emit(event, payload, to=sid)

    async def others(self, sid, room, event, payload):
        await self.sio.emit(event, payload, room=self.channel(room),
                            skip_sid=sid)

    def register(self):
        for event in ('join_room', 'leave_room', 'send_message', 'send_file',
                      'get_room_users'):
            self.sio.on(event, self.request(event, getattr(self, event)))
        self.sio.on('connect', self.connect)
        self.sio.on('disconnect', self.disconnect)

    def request(self, event, fn):
        """A handler for `event` that takes one object and answers a refusal
        (or any failure) with `error` {"message"} to the sender."""

        async def handler(sid, *args):
            try:
                if len(args) != 1 or not isinstance(args[0], dict):
                    got = (type_name(args[0]) if len(args) == 1 else
                           f'{len(args)} arguments')
                    raise Refusal(f'{event} takes one JSON object, not {got}')
                await fn(sid, args[0])
            except Refusal as e:
                log.info('%s %s refused: %s', event, sid, e)
                await self.reply(sid, 'error', {'message': str(e)})
            except Exception:
                log.exception('%s %s failed', event, sid)
                await self.reply(sid, 'error', {
                    'message': f'{event} failed: internal server error'})

        return handler

    # --- connection ---------------------------------------------------------

    async def connect(self, sid, environ, auth):
        secret = self.args.jwt_secret
        if secret is not None:
            token = auth.get('token') if isinstance(auth, dict) else None
            if token is None:
                log.info('connect %s refused: no token', sid)
                raise socketio.exceptions.ConnectionRefusedError(
                    'missing token: connect with auth {"token": "<JWT>"}')
            if not isinstance(token, str):
                log.info('connect %s refused: token not a string', sid)
                raise socketio.exceptions.ConnectionRefusedError(
                    f'invalid token: a string is needed, not '
                    f'{type_name(token)}')
            try:
                claims = jwt.decode(token, secret, algorithms=['HS256'])
            except jwt.InvalidTokenError as e:
                log.info('connect %s refused: %s', sid, e)
                raise socketio.exceptions.ConnectionRefusedError(
                    f'invalid token: {e}') from None
            log.info('connect %s (token sub %r)', sid, claims.get('sub'))
        else:
            log.info('connect %s', sid)

    async def disconnect(self, sid, reason=None):
        rooms = self.joined.pop(sid, [])
        log.info('disconnect %s (%s), was in %d room(s)', sid, reason,
                 len(rooms))
        left = [(room, self.rooms[room].pop(sid)) for room in rooms]
        for room, _ in left:
            if not self.rooms[room]:
                del self.rooms[room]
        for room, username in left:
            await self.others(sid, room, 'user_left_room',
                              {'room': room, 'username': username, 'sid': sid})

    # --- requests -----------------------------------------------------------

    async def join_room(self, sid, p):
        room = name_field(p, 'room', 'room name')
        username = name_field(p, 'username', 'username')
        members = self.rooms.get(room)
        if members is not None and sid in members:
            # Already in: the same answer again, nobody else is told.
            await self.reply(sid, 'joined_room',
                             {'room': room, 'users': self.users(room)})
            return
        if members is None:
            members = self.rooms[room] = {}
            log.info('room %s created', quote(room))
        members[sid] = username
        self.joined.setdefault(sid, []).append(room)
        await self.sio.enter_room(sid, self.channel(room))
        log.info('join %s %s (%d in room)', sid, quote(room), len(members))
        await self.reply(sid, 'joined_room',
                         {'room': room, 'users': self.users(room)})
        await self.others(sid, room, 'user_joined_room',
                          {'room': room, 'username': username, 'sid': sid})

    async def leave_room(self, sid, p):
        room = string_field(p, 'room')
        username = self.member_name(sid, room)
        del self.rooms[room][sid]
        if not self.rooms[room]:
            del self.rooms[room]
        self.joined[sid].remove(room)
        await self.sio.leave_room(sid, self.channel(room))
        log.info('leave %s %s', sid, quote(room))
        await self.reply(sid, 'left_room', {'room': room})
        await self.others(sid, room, 'user_left_room',
                          {'room': room, 'username': username, 'sid': sid})

    async def send_message(self, sid, p):
        room = string_field(p, 'room')
        message = string_field(p, 'message')
        username = self.member_name(sid, room)
        if not message.strip():
            raise Refusal('message is empty')
        limit = self.args.max_message
        if len(message) > limit:
            raise Refusal(f'message is longer than {limit} characters '
                          f'({len(message)})')
        msg_id, timestamp = uuid.uuid4().hex, now_iso()
        await self.others(sid, room, 'new_message', {
            'id': msg_id, 'room': room, 'username': username,
            'message': message, 'timestamp': timestamp})
        await self.reply(sid, 'message_sent',
                         {'id': msg_id, 'room': room, 'timestamp': timestamp})

    async def send_file(self, sid, p):
        room = string_field(p, 'room')
        username = self.member_name(sid, room)
        filename = string_field(p, 'filename')
        check_filename(filename)
        content = field(p, 'content')
        if not isinstance(content, str):
            raise Refusal(f'"content" must be a base64 string, not '
                          f'{type_name(content)}')
        limit = self.args.max_file_bytes
        if base64_size(content) > limit:
            raise Refusal(f'file is too large: more than {limit} bytes')
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise Refusal('"content" is not valid base64') from None
        if len(data) > limit:
            raise Refusal(f'file is too large: {len(data)} bytes, more '
                          f'than {limit}')
        size = p.get('size')
        if size is not None:
            if not isinstance(size, int) or isinstance(size, bool):
                raise Refusal(f'"size" must be an integer, not '
                              f'{type_name(size)}')
            if size != len(data):
                raise Refusal(f'"size" is {size} but the content decodes to '
                              f'{len(data)} bytes')
        mime_type = p.get('mime_type')
        if mime_type is None or mime_type == '':
            mime_type = DEFAULT_MIME
        elif not isinstance(mime_type, str):
            raise Refusal(f'"mime_type" must be a string, not '
                          f'{type_name(mime_type)}')
        elif len(mime_type) > MIME_MAX:
            raise Refusal(f'"mime_type" is longer than {MIME_MAX} characters')
        file_id, timestamp = uuid.uuid4().hex, now_iso()
        log.info('file %s %s %d bytes', sid, quote(room), len(data))
        await self.others(sid, room, 'new_file', {
            'id': file_id, 'room': room, 'username': username,
            'filename': filename, 'mime_type': mime_type, 'size': len(data),
            'content': content, 'timestamp': timestamp})
        await self.reply(sid, 'file_sent',
                         {'id': file_id, 'room': room, 'filename': filename})

    async def get_room_users(self, sid, p):
        room = string_field(p, 'room')
        if room not in self.rooms:
            raise Refusal(f'room {quote(room)} does not exist')
        await self.reply(sid, 'room_users',
                         {'room': room, 'users': self.users(room)})


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=8000,
                   help='default 8000; 0 = pick a free port')
    p.add_argument('--ping-interval', type=int, default=25000, help='ms')
    p.add_argument('--ping-timeout', type=int, default=20000, help='ms')
    p.add_argument('--jwt-secret', default=None,
                   help='require auth {"token"}: a JWT signed HS256 with it')
    p.add_argument('--max-message', type=int, default=DEFAULT_MAX_MESSAGE,
                   help='longest chat message, characters (default 2000)')
    p.add_argument('--max-file-bytes', type=int,
                   default=DEFAULT_MAX_FILE_BYTES,
                   help='largest file, decoded bytes (default 25 MiB)')
    p.add_argument('--verbose', action='store_true', help='debug logging')
    args = p.parse_args(argv)
    if args.max_message < 1:
        p.error('--max-message must be at least 1')
    if args.max_file_bytes < 0:
        p.error('--max-file-bytes must not be negative')
    if args.jwt_secret == '':
        p.error('--jwt-secret must not be empty')
    if args.ping_interval < 1 or args.ping_timeout < 1:
        p.error('--ping-interval and --ping-timeout must be positive')
    return args


def buffer_size(args):
    """Largest incoming engine.io packet: a send_file of the largest file
    (base64, 4/3 of it) and a longest message (JSON escapes up to 12 bytes
    a character), with 1 MiB for the rest of the JSON."""
    return args.max_file_bytes * 4 // 3 + 12 * args.max_message + MIB


def make_server(args):
    sio = SpaceServer(
        async_mode='asgi',
        # Test clients and the desktop app are not browsers.
        cors_allowed_origins='*',
        ping_interval=args.ping_interval / 1000,
        ping_timeout=args.ping_timeout / 1000,
        max_http_buffer_size=buffer_size(args),
        # Each client's events are handled one at a time, in order.
        async_handlers=False,
        logger=args.verbose and logging.getLogger('socketio'),
        engineio_logger=args.verbose and logging.getLogger('engineio'),
    )
    Space(sio, args).register()
    return sio


def main(argv=None):
    args = parse_args(argv)

    def started():
        log.info('max message %d chars, max file %d bytes, JWT %s',
                 args.max_message, args.max_file_bytes,
                 'required' if args.jwt_secret is not None else 'off')

    # uvicorn's own websocket frame limit (16 MiB by default) must let the
    # largest send_file through too.
    run('space', args, serve(make_server(args), args, started=started,
                             ws_max_size=buffer_size(args)))


if __name__ == '__main__':
    main()
