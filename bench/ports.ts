/** @module Loopback ports for the bench's servers (and the tests that start one): no side effects on import. */

import { createServer } from 'node:net';

/** A port that was free a moment ago, on loopback only. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
