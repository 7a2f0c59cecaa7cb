/**
 * @module One build at a time per output. Two builds writing the same archive at once (npm start's builder and an
 * `npm run build` in another terminal) would number their new chunk files alike, and each would save a layout
 * that does not know the other's files.
 */

import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 100;
/** A lock file still empty after this long was left by a process stopped between making and writing it. */
const UNWRITTEN_MS = 5_000;

/**
 * Where Linux names the current boot. A lock file outlives a crash or a power cut; after the restart its pid may
 * be any process's, so a lock names the boot it was taken in, where the system says.
 */
const BOOT_ID = '/proc/sys/kernel/random/boot_id';

let bootId: Promise<string | undefined> | undefined;
const currentBoot = (): Promise<string | undefined> => (bootId ??= readFile(BOOT_ID, 'utf8').then((id) => id.trim() || undefined, () => undefined));

/**
 * Runs `build` holding `lockFile`, which names this process (and the boot, see BOOT_ID). While another live process
 * holds it, waits (telling `waiting` its pid once); a lock whose process is gone (a build stopped with SIGKILL) or
 * that was taken before the machine last started is taken over.
 */
export async function withBuildLock<T>(lockFile: string, build: () => Promise<T>, waiting?: (holder: number) => void): Promise<T> {
  await mkdir(dirname(lockFile), { recursive: true });
  let told = false;
  while (!(await tryLock(lockFile))) {
    const holder = await holderOf(lockFile);
    if (holder === 'gone') {
      await rm(lockFile, { force: true });
      continue;
    }
    if (holder !== 'unknown' && !told) {
      waiting?.(holder);
      told = true;
    }
    await sleep(POLL_MS);
  }
  try {
    return await build();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function tryLock(lockFile: string): Promise<boolean> {
  // Made before the file, which another build reads as being written for as long as it is empty.
  const boot = await currentBoot();
  const text = boot === undefined ? String(process.pid) : `${process.pid} ${boot}`;
  try {
    const handle = await open(lockFile, 'wx');
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The live process that holds the lock; `unknown` while the file is being written or was just released. */
async function holderOf(lockFile: string): Promise<number | 'gone' | 'unknown'> {
  const text = await readFile(lockFile, 'utf8').catch(() => undefined);
  if (text === undefined) return 'unknown';
  // "<pid> <boot id>", or "<pid>" where the system names no boot.
  const [pidText = '', boot] = text.split(' ');
  const pid = Number(pidText);
  if (pidText === '' || !Number.isInteger(pid) || pid <= 0) {
    const age = await stat(lockFile).then((s) => Date.now() - s.mtimeMs, () => 0);
    return age > UNWRITTEN_MS ? 'gone' : 'unknown';
  }
  const now = await currentBoot();
  if (boot !== undefined && now !== undefined && boot !== now) return 'gone';
  return isAlive(pid) ? pid : 'gone';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
