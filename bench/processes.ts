/**
 * @module Child processes for the benchmarks: every one is tracked and stopped (with its process group) when
 * the run ends, however it ends, and every command is timed and its peak memory read.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const running = new Set<ChildProcess>();

function ended(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Signals a child and everything it started: children are spawned detached, so each leads its own group. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (ended(child) || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Stops a child and everything it started, and resolves once it has exited (after SIGKILL, if SIGTERM has not
 * ended it within `graceMs`): valgrind writes its last profile as it ends, into a folder the bench may be about to
 * remove, which then fails with ENOTEMPTY.
 */
export async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (ended(child) || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function stopAll(): void {
  for (const child of running) signalGroup(child, 'SIGTERM');
}

process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command after this long; a bench must never hang. */
  readonly timeoutMs?: number;
}

/** Starts a long-running child (a server); `stop` it, or it is stopped when the bench exits. */
export function start(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

export interface CommandResult {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** Largest resident set of the command or any process it started, in bytes; undefined when unknown. */
  readonly peakRssBytes: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Stopped because its process group's resident memory passed `memoryLimitBytes`. */
  readonly overMemory: boolean;
  /** The process group's resident memory, sampled every 250 ms: [ms since start, bytes]; with `memoryLimitBytes` only. */
  readonly memorySamples?: readonly (readonly [number, number])[];
}

const GNU_TIME = '/usr/bin/time';
const PAGE_BYTES = 4096;

/** Resident bytes of every process in group `pgid`, from /proc (Linux); undefined elsewhere. */
async function groupRss(pgid: number): Promise<number | undefined> {
  const entries = await readdir('/proc').catch(() => undefined);
  if (!entries) return undefined;
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command name: state ppid pgrp … rss is the 22nd of them.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) total += Number(fields[21]) * PAGE_BYTES;
  }
  return total;
}

/**
 * Runs a command to its end. Peak memory comes from GNU time (`%M`, the largest of the process tree's
 * resident sets); where it is missing, `nodeRssFile` lets a Node command report its own `maxRSS` instead.
 */
export async function run(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { readonly nodeRssFile?: string; readonly memoryLimitBytes?: number } = {},
): Promise<CommandResult> {
  const timeFile = join(tmpdir(), `bulletin-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime ? [GNU_TIME, ['-o', timeFile, '-f', '%M', command, ...args]] : [command, [...args]];
  const started = performance.now();
  const child = start(file, argv, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    void stop(child);
  }, options.timeoutMs);
  // A large corpus can take more memory than the machine has: watch the group and stop it in time.
  let overMemory = false;
  const memorySamples: [number, number][] = [];
  const watcher = options.memoryLimitBytes === undefined || child.pid === undefined ? undefined : setInterval(() => {
    void groupRss(child.pid!).then((bytes) => {
      if (bytes === undefined || child.exitCode !== null) return;
      memorySamples.push([Math.round(performance.now() - started), bytes]);
      if (bytes > options.memoryLimitBytes! && !overMemory) {
        overMemory = true;
        void stop(child);
      }
    });
  }, 250);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  clearInterval(watcher);

  let peakRssBytes: number | undefined;
  const rssSource = useTime ? timeFile : options.nodeRssFile;
  if (rssSource !== undefined) {
    const text = await readFile(rssSource, 'utf8').catch(() => '');
    // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
    const figure = Number(text.trim().split('\n').at(-1));
    if (Number.isFinite(figure) && figure > 0) peakRssBytes = useTime ? figure * 1024 : figure;
    await rm(rssSource, { force: true });
  }
  return {
    ok: exitCode === 0 && !timedOut && !overMemory, exitCode, wallMs, peakRssBytes, stdout, stderr, timedOut, overMemory,
    ...(watcher === undefined ? {} : { memorySamples }),
  };
}

/**
 * A module for `node --import` that writes the process's peak RSS (bytes) to `$BULLETIN_BENCH_RSS` at exit:
 * the fallback when GNU time is not installed.
 */
export async function writeRssReporter(dir: string): Promise<string> {
  const path = join(dir, 'report-rss.mjs');
  await writeFile(path, [
    "import { writeFileSync } from 'node:fs';",
    "process.on('exit', () => { if (process.env.BULLETIN_BENCH_RSS) writeFileSync(process.env.BULLETIN_BENCH_RSS, String(process.resourceUsage().maxRSS * 1024)); });",
    '',
  ].join('\n'));
  return path;
}
