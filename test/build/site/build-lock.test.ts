import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withBuildLock } from '../../../src/site/build-lock';

async function lockFile() {
  return join(await mkdtemp(join(tmpdir(), 'bulletin-lock-')), 'assets.lock');
}

/** This boot's id where Linux gives one (the lock names it). */
const bootId = existsSync('/proc/sys/kernel/random/boot_id') ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : undefined;

/** The pid of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Expects a build to wait on the lock as it is, and to run once the lock names a process that has ended. */
async function expectToWaitForHolder(lock: string): Promise<void> {
  let built = false;
  const waiting = withBuildLock(lock, async () => (built = true));
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(built).toBe(false);
  await writeFile(lock, String(endedPid()));
  await waiting;
  expect(built).toBe(true);
}

describe('the build lock', () => {
  it('runs builds of one output one after the other, telling the later one who it waits for', async () => {
    const lock = await lockFile();
    const events: string[] = [];
    const waitedFor: number[] = [];
    let release = () => {};
    const first = withBuildLock(lock, async () => {
      events.push('first starts');
      expect(await readFile(lock, 'utf8')).toBe(bootId === undefined ? String(process.pid) : `${process.pid} ${bootId}`);
      await new Promise<void>((resolve) => (release = resolve));
      events.push('first ends');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = withBuildLock(lock, async () => void events.push('second starts'), (holder) => waitedFor.push(holder));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(events).toEqual(['first starts']);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['first starts', 'first ends', 'second starts']);
    expect(waitedFor).toEqual([process.pid]);
  });

  it('makes the folder it is kept in, as on a fresh clone without dist/', async () => {
    const lock = join(await mkdtemp(join(tmpdir(), 'bulletin-lock-')), 'dist', 'assets.lock');
    await expect(withBuildLock(lock, async () => 'built')).resolves.toBe('built');
  });

  it('lets go of the lock when the build throws', async () => {
    const lock = await lockFile();
    await expect(withBuildLock(lock, async () => { throw new Error('disk full'); })).rejects.toThrow('disk full');
    await expect(withBuildLock(lock, async () => 'built')).resolves.toBe('built');
  });

  it('takes over a lock whose process is gone', async () => {
    const lock = await lockFile();
    await writeFile(lock, String(endedPid()));
    const waitedFor: number[] = [];
    await expect(withBuildLock(lock, async () => 'built', (holder) => waitedFor.push(holder))).resolves.toBe('built');
    expect(waitedFor).toEqual([]);
  });

  it.skipIf(bootId === undefined)('takes over a lock taken before the machine last started, though a live process now has its pid', async () => {
    const lock = await lockFile();
    // This very process is alive: only the boot id says the lock is stale.
    await writeFile(lock, `${process.pid} 00000000-0000-4000-8000-000000000000`);
    const waitedFor: number[] = [];
    await expect(withBuildLock(lock, async () => 'built', (holder) => waitedFor.push(holder))).resolves.toBe('built');
    expect(waitedFor).toEqual([]);
  });

  it('still reads a lock that names its pid alone, as older builds and systems without a boot id write it', async () => {
    const lock = await lockFile();
    await writeFile(lock, String(process.pid));
    await expectToWaitForHolder(lock);
  });

  it('takes over a lock file left empty by a process stopped before it wrote its pid, but not a fresh one', async () => {
    const lock = await lockFile();
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await expect(withBuildLock(lock, async () => 'built')).resolves.toBe('built');

    await writeFile(lock, '');
    await expectToWaitForHolder(lock);
  });
});
