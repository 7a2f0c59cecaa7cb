import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../bench/ports';
import { makeSeeds } from '../../support/seeds-folder';

const ROOT = join(import.meta.dirname, '../../..');

async function answers(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

async function waitFor(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe('npm start', () => {
  it('stops wrangler dev with it when it alone is sent SIGTERM, as a process manager does', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': '---\ntitle: First\ndate: 2026-01-01\n---\nBody.\n' });
    const scratch = await mkdtemp(join(tmpdir(), 'bulletin-start-'));
    const port = await freePort();
    // Not in a process group of its own: the signal goes to npm start's process only, not to its children.
    const start = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--port', String(port)], {
      cwd: ROOT,
      env: {
        ...process.env,
        BULLETIN_SEEDS: dir,
        BULLETIN_OUTPUT: join(scratch, 'site'),
        BULLETIN_CACHE: join(root, 'build.cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => start.on('exit', (code) => resolve(code)));
    const url = `http://localhost:${port}/`;
    try {
      expect(await waitFor(async () => (await answers(url)) !== undefined, 60_000), output).toBe(true);
      start.kill('SIGTERM');
      await exited;
      expect(await waitFor(async () => (await answers(url)) === undefined, 10_000), `still answering on ${url} after npm start ended`).toBe(true);
      // Nor is its build socket's folder left behind (see src/site/build-server.ts).
      const socketFolders = (await readdir(tmpdir())).filter((name) => name.startsWith(`bulletin-build-${start.pid}-`));
      expect(socketFolders).toEqual([]);
    } finally {
      start.kill('SIGKILL');
    }
  }, 90_000);
});
