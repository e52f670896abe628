// The demo server as the backend lists it, for view tests that need one saved server.
import type { Profile } from '../src/bindings/Profile';

export const demo: Profile = {
  id: 'demo',
  name: 'Local demo server',
  options: {
    url: 'http://127.0.0.1:8765', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
    ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind: 'console' },
  },
};
