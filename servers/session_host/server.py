#!/usr/bin/env python3
"""Reference "session host" Socket.IO server (Flask-SocketIO, threading mode).

Implements protocol 1 of PROTOCOLS.md (seed 000): users log in with a name,
one creates a session and becomes its HOST, others join it by key as CLIENTs,
and the host starts it with ``proccess_check`` (spelled as in the seed).
See servers/session_host/README.md for the events and the additions.

Prints ``LISTENING <port>`` as the only line on stdout once the socket
accepts connections; everything else goes to stderr. State lives in memory.
"""
import logging
import os
import reprlib
import secrets
import sys
import threading

from flask import Flask, request
from flask_socketio import close_room, emit, join_room, leave_room

# The shared code is in servers/common: servers/ goes on the path so that
# this file runs as a script from any directory.
sys.path.insert(0, os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
from common.flask_socketio_server import (  # noqa: E402
    Invalid, connection_events, handler_registrar, make_socketio, parse_args,
    serve, setup_logging, type_name)

log = logging.getLogger('session_host')

NAME_MAX = 64
KEY_LENGTH = 6
# Uppercase letters and digits without look-alikes (O/0, I/1/L).
KEY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

USER, HOST, CLIENT = 'USER', 'HOST', 'CLIENT'
SESSION_TYPES = ('default',)

MSG_HOST_LEFT = 'The host left; the session is closed.'


class Session:
    def __init__(self, key, host_sid, type_, ph_users):
        self.key = key
        self.host = host_sid
        self.type = type_
        self.ph_users = ph_users
        self.members = [host_sid]  # join order, host first
        self.started = False


class State:
    """All users and sessions of this process.

    Handlers of different clients run in different threads (one werkzeug
    request thread per websocket / polling request), so every read-modify-
    write and the emits that report it happen under one lock; emits only
    queue packets, so holding the lock while emitting is cheap and keeps
    the order of notifications the same as the order of state changes.
    """

    def __init__(self):
        self.lock = threading.RLock()
        self.users = {}     # sid -> name, only while logged in
        self.in_session = {}  # sid -> session key
        self.sessions = {}  # key -> Session

    def role(self, sid):
        key = self.in_session.get(sid)
        if key is None:
            return USER
        return HOST if self.sessions[key].host == sid else CLIENT

    def new_key(self):
        while True:
            key = ''.join(secrets.choice(KEY_ALPHABET)
                          for _ in range(KEY_LENGTH))
            if key not in self.sessions:
                return key


def one_arg(event, args, required=True):
    """The single payload of an event; Invalid on a wrong argument count."""
    if len(args) > 1:
        raise Invalid(f'{event} takes one argument, got {len(args)}.')
    if not args:
        if required:
            raise Invalid(f'{event} needs a payload.')
        return None
    return args[0]


def get_field(event, payload, field):
    if not isinstance(payload, dict):
        raise Invalid(f'{event} payload must be an object with "{field}", '
                      f'got {type_name(payload)}.')
    if field not in payload:
        raise Invalid(f'{event} payload is missing "{field}".')
    return payload[field]


def session_key_from(event, payload):
    """A key from a plain string or {"session_key": str}; normalized."""
    if isinstance(payload, str):
        key = payload
    elif isinstance(payload, dict):
        key = get_field(event, payload, 'session_key')
        if not isinstance(key, str):
            raise Invalid(f'{event}: "session_key" must be a string, '
                          f'got {type_name(key)}.')
    else:
        raise Invalid(f'{event} payload must be the session key as a string '
                      f'or an object with "session_key", '
                      f'got {type_name(payload)}.')
    key = key.strip().upper()
    if not key:
        raise Invalid(f'{event}: the session key is empty.')
    return key


def shown(key):
    """A key as quoted back in an error: long junk is not echoed."""
    return key if len(key) <= 16 else f'{key[:16]}...'


def create_app(args):
    app = Flask(__name__)
    socketio = make_socketio(app, args)
    state = State()

    def refuse(event, message):
        emit('error', {'message': message})

    # @handler(event) registers fn(sid, *args); an Invalid raised inside
    # becomes ``error`` {"message": str(e)} to the sender.
    handler = handler_registrar(socketio, state.lock, log, refuse)

    def leave_session(sid, reason_for_members=MSG_HOST_LEFT):
        """Take sid out of its session; a leaving host closes it."""
        key = state.in_session.pop(sid, None)
        if key is None:
            return
        s = state.sessions.get(key)
        if s is None:
            return
        if s.host == sid:
            del state.sessions[key]
            for member in s.members:
                if member == sid:
                    continue
                state.in_session.pop(member, None)
                socketio.emit('error', {'message': reason_for_members},
                              to=member)
            close_room(key)
            log.info('session %s closed: host %s left', key, sid)
        else:
            if sid in s.members:
                s.members.remove(sid)
            leave_room(key, sid=sid)
            log.info('%s left session %s', sid, key)

    def forget(sid):
        leave_session(sid)
        state.users.pop(sid, None)

    connection_events(socketio, state.lock, log, forget)

    @handler('login')
    def on_login(sid, *args):
        payload = one_arg('login', args)
        name = get_field('login', payload, 'name')
        if not isinstance(name, str):
            raise Invalid(f'login: "name" must be a string, '
                          f'got {type_name(name)}.')
        if not name.strip():
            raise Invalid('login: the name is empty.')
        if len(name) > NAME_MAX:
            raise Invalid(f'login: the name is longer than {NAME_MAX} '
                          f'characters.')
        state.users[sid] = name
        emit('login_success', {'message': 'You are connected!',
                               'name': name, 'type': state.role(sid)})

    @handler('logout')
    def on_logout(sid, *args):
        # The seed's logout takes no payload; tolerate one and ignore it.
        if sid not in state.users:
            raise Invalid('logout: you are not logged in.')
        leave_session(sid)
        del state.users[sid]
        emit('logout_success', {'message': 'You are disconnected!'})

    @handler('create_session')
    def on_create_session(sid, *args):
        if sid not in state.users:
            raise Invalid('create_session: log in first.')
        if sid in state.in_session:
            raise Invalid('create_session: you are already in a session.')
        payload = one_arg('create_session', args)
        type_ = get_field('create_session', payload, 'type')
        ph_users = get_field('create_session', payload, 'ph_users')
        if type_ not in SESSION_TYPES:
            raise Invalid(f'create_session: unknown session type '
                          f'{reprlib.repr(type_)}; the only type is "default".')
        if isinstance(ph_users, bool) or not isinstance(ph_users, int):
            raise Invalid(f'create_session: "ph_users" must be an integer, '
                          f'got {type_name(ph_users)}.')
        if ph_users != 0:
            raise Invalid('create_session: "ph_users" must be 0; '
                          'placeholder users are not supported yet.')
        key = state.new_key()
        state.sessions[key] = Session(key, sid, type_, ph_users)
        state.in_session[sid] = key
        join_room(key)
        log.info('%s created session %s', sid, key)
        emit('send_session_key', {'message': 'Session created!',
                                  'session_key': key})

    @handler('join_session')
    def on_join_session(sid, *args):
        if sid not in state.users:
            raise Invalid('join_session: log in first.')
        payload = one_arg('join_session', args)
        key = session_key_from('join_session', payload)
        if sid in state.in_session:
            raise Invalid('join_session: you are already in a session.')
        s = state.sessions.get(key)
        if s is None:
            raise Invalid(f'join_session: no session with key {shown(key)}.')
        if s.started:
            raise Invalid(f'join_session: session {key} has already '
                          f'started.')
        s.members.append(sid)
        state.in_session[sid] = key
        join_room(key)
        log.info('%s joined session %s', sid, key)
        emit('user_connected', {'message': 'User connected!',
                                'name': state.users[sid]}, to=key)

    @handler('proccess_check')
    def on_proccess_check(sid, *args):
        if sid not in state.users:
            raise Invalid('proccess_check: log in first.')
        payload = one_arg('proccess_check', args)
        key = session_key_from('proccess_check', payload)
        s = state.sessions.get(key)
        if s is None:
            raise Invalid(f'proccess_check: no session with key {shown(key)}.')
        if s.host != sid:
            raise Invalid('proccess_check: only the host of the session '
                          'can start it.')
        if s.started:
            raise Invalid(f'proccess_check: session {key} has already '
                          f'started.')
        s.started = True
        log.info('%s started session %s', sid, key)
        emit('session_started', {'message': 'Session started!',
                                 'session_key': key}, to=key)

    @socketio.on_error_default
    def on_unexpected(e):
        # Safety net: a bug in a handler still answers in words.
        log.exception('unexpected error in %s', request.event)
        emit('error', {'message': 'Internal server error.'})

    return app, socketio


def main(argv=None):
    args = parse_args(__doc__, argv)
    setup_logging('session_host', args.verbose)
    app, _ = create_app(args)
    serve(app, args)


if __name__ == '__main__':
    main()
