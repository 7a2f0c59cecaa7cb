/**
 * @module Child processes for the benchmarks: every one is tracked and stopped (with its process group) when
 * the run ends, however it ends, and every command is timed and its peak memory read.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const running = new Set<ChildProcess>();

/** Stops a child and everything it started: children are spawned detached, so each leads its own group. */
export function stop(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function stopAll(): void {
  for (const child of running) stop(child);
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
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to its end. Peak memory comes from GNU time (`%M`, the largest of the process tree's
 * resident sets); where it is missing, `nodeRssFile` lets a Node command report its own `maxRSS` instead.
 */
export async function run(command: string, args: readonly string[], options: SpawnOptions & { readonly nodeRssFile?: string } = {}): Promise<CommandResult> {
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
    stop(child);
  }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const wallMs = performance.now() - started;
  clearTimeout(timer);

  let peakRssBytes: number | undefined;
  const rssSource = useTime ? timeFile : options.nodeRssFile;
  if (rssSource !== undefined) {
    const text = await readFile(rssSource, 'utf8').catch(() => '');
    // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
    const figure = Number(text.trim().split('\n').at(-1));
    if (Number.isFinite(figure) && figure > 0) peakRssBytes = useTime ? figure * 1024 : figure;
    await rm(rssSource, { force: true });
  }
  return { ok: exitCode === 0 && !timedOut, exitCode, wallMs, peakRssBytes, stdout, stderr, timedOut };
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
