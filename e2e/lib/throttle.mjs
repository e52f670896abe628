// A TCP relay on loopback that passes what the client sends at a limited rate (and what
// the server sends at full speed): a slow uplink, so a file's sending progress can be seen.
import net from 'node:net';

/** Listen on a free port and forward to 127.0.0.1:`targetPort`; resolves to { port, close }. */
export function startThrottle(targetPort, bytesPerSecond) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('data', (chunk) => {
      // Hold the client back for as long as this chunk takes at the limited rate.
      client.pause();
      upstream.write(chunk);
      setTimeout(() => client.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    upstream.pipe(client);
    upstream.on('close', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      });
    });
  });
}
