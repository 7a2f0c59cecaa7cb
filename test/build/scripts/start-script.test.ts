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

/** npm as `npm test` runs it (npm_execpath), else the one on PATH. */
function npmCommand(args: readonly string[]): [string, string[]] {
  const npm = process.env['npm_execpath'];
  return npm ? [process.execPath, [npm, ...args]] : ['npm', [...args]];
}

/**
 * Starts `command` (npm start's script, one way or another) on a free port with a seeds folder of its own, waits
 * for the site to answer, sends SIGTERM to that one process (not to a process group: a process manager's stop),
 * and requires the port closed and no build socket folder left behind.
 */
async function stopsWithSigterm(command: (port: number) => [string, string[]]): Promise<void> {
  const { dir, root } = await makeSeeds({ 'a.md': '---\ntitle: First\ndate: 2026-01-01\n---\nBody.\n' });
  const scratch = await mkdtemp(join(tmpdir(), 'bulletin-start-'));
  // Its own temporary folder, so that its build socket's folder (src/site/build-server.ts) is the only one there
  // (wrangler, miniflare and tsx keep theirs there too).
  const temporary = await mkdtemp(join(tmpdir(), 'bulletin-start-tmp-'));
  const socketFolders = async () => (await readdir(temporary)).filter((name) => name.startsWith('bulletin-build-'));
  const port = await freePort();
  const [file, args] = command(port);
  const start = spawn(file, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      BULLETIN_SEEDS: dir,
      BULLETIN_OUTPUT: join(scratch, 'site'),
      BULLETIN_CACHE: join(root, 'build.cache'),
      TMPDIR: temporary,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, only so that a failed test can kill all it started; the SIGTERM below goes to
    // the one process.
    detached: true,
  });
  let output = '';
  start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => start.on('exit', () => resolve()));
  const url = `http://localhost:${port}/`;
  try {
    expect(await waitFor(async () => (await answers(url)) !== undefined, 60_000), output).toBe(true);
    expect(await socketFolders()).toHaveLength(1);
    start.kill('SIGTERM');
    await exited;
    expect(await waitFor(async () => (await answers(url)) === undefined, 10_000), `still answering on ${url} after npm start ended\n${output}`).toBe(true);
    expect(await waitFor(async () => (await socketFolders()).length === 0, 5_000), 'the build socket folder is left').toBe(true);
  } finally {
    try {
      process.kill(-start.pid!, 'SIGKILL');
    } catch {
      // Nothing of it is left.
    }
  }
}

describe('npm start', () => {
  it('stops wrangler dev with it when its script alone is sent SIGTERM', async () => {
    await stopsWithSigterm((port) => [process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--port', String(port)]]);
  }, 90_000);

  it('stops everything when npm alone is sent SIGTERM, whose shell does not pass it on', async () => {
    await stopsWithSigterm((port) => npmCommand(['start', '--silent', '--', '--port', String(port)]));
  }, 90_000);
});
