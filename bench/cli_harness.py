"""Starting switchboard-cli for a benchmark: the process, once it says it is connected."""
import json
import subprocess
import sys


def start_connected(cli, url, transport='websocket', extra=()):
    """`cli --url URL` (and `extra` arguments) as a child with piped stdin/stdout, after its
    `connected` line."""
    proc = subprocess.Popen([cli, '--url', url, '--transport', transport, '--no-reconnect', *extra],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    for line in proc.stdout:
        msg = json.loads(line)
        if msg.get('type') == 'connection' and msg.get('state') == 'connected':
            return proc
        if msg.get('type') == 'connection' and msg.get('state') == 'disconnected':
            sys.exit(f'switchboard-cli could not connect: {msg}')
    sys.exit('switchboard-cli ended before it connected')
