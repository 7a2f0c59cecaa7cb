import { Agent } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { get, repeatOrder } from '../../../bench/instructions';

describe('repeatOrder', () => {
  it('counts every kind once per repeat, each repeat starting at another kind', () => {
    const orders = [0, 1, 2].map((repeat) => repeatOrder(16, repeat, 3));
    for (const order of orders) expect([...order].sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    expect(orders.map((order) => order[0])).toEqual([0, 5, 11]);
    expect(orders[1]!.slice(0, 3)).toEqual([5, 6, 7]);
    expect(orders[2]!.slice(-2)).toEqual([9, 10]);
  });

  it('keeps the list as it is for a single repeat', () => {
    expect(repeatOrder(4, 0, 1)).toEqual([0, 1, 2, 3]);
  });
});

describe('get', () => {
  /** A server that resets the first `resets` connections it accepts, then answers 200 on the rest. */
  async function resettingServer(resets: number): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
    let accepted = 0;
    const server = createServer((socket) => {
      accepted++;
      socket.once('data', () => {
        if (accepted <= resets) socket.resetAndDestroy();
        else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { port, accepted: () => accepted, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it('sends a request again when a new connection is reset, a few times', async () => {
    const server = await resettingServer(2);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(agent, server.port, '/', {})).toBe(200);
      expect(server.accepted()).toBe(3);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it('gives up, saying so, when every new connection is reset', async () => {
    const server = await resettingServer(Infinity);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await expect(get(agent, server.port, '/feed.json', {})).rejects.toThrow(/\/feed\.json: the connection was reset 4 times in a row/);
      expect(server.accepted()).toBe(4);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
