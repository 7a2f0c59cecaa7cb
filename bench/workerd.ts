/**
 * @module workerd for the benchmarks: Workers served by raw `workerd serve` on loopback ports, pinned to a core,
 * optionally under a profiler or valgrind; shared by the serving benchmark, the instruction counter and
 * bench/overhead.ts.
 */

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { freePort } from './ports';
import { start, stop } from './processes';

/**
 * As in production, a configured origin: bodies and ETags are then the same whichever port a workerd listens
 * on, so the bytes captured from one run are the baseline's for the next.
 */
export const SITE_URL = 'https://bench.example';

const TASKSET = '/usr/bin/taskset';

/**
 * workerd on the first core and wrk on the second, where there are two and taskset is installed: sharing both
 * cores made rates swing by ±20 % between identical runs, pinned by a few per cent.
 */
export function pinned(role: 'server' | 'load', command: string, args: readonly string[]): [string, string[]] {
  if (!existsSync(TASKSET) || cpus().length < 2) return [command, [...args]];
  return [TASKSET, ['-c', role === 'server' ? '0' : '1', command, ...args]];
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A Worker to run: its bundled script and, for a large archive, the directory its CONTENT binding serves. */
export interface WorkerScript {
  readonly script: string;
  /** Absolute path of the assets directory (the build's BULLETIN_ASSETS). */
  readonly content?: string;
}

interface WorkerSpec extends WorkerScript {
  readonly name: string;
  readonly port: number;
}

/**
 * `embed` paths are relative to the config file: capnp reads absolute ones against its import path. CONTENT is a
 * read-only `disk` service, which maps a request's path to a file under the directory, whatever the host: the
 * local stand-in for Workers Static Assets, which the Worker reads as `env.CONTENT.fetch(…/_content/…)`.
 */
function capnpConfig(workers: readonly WorkerSpec[], compatibilityDate: string, configDir: string): string {
  const disks = workers.flatMap((w) => (w.content === undefined ? [] : [`(name = "${w.name}-content", disk = (path = ${JSON.stringify(w.content)}, writable = false))`]));
  const services = [...workers.map((w) => `(name = "${w.name}", worker = .${w.name})`), ...disks].join(', ');
  const sockets = workers.map((w) => `(name = "${w.name}", address = "127.0.0.1:${w.port}", http = (), service = "${w.name}")`).join(', ');
  const definitions = workers.map((w) => `const ${w.name} :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed ${JSON.stringify(relative(configDir, w.script))}) ],
  compatibilityDate = "${compatibilityDate}",
  bindings = [ (name = "SITE_URL", text = "${SITE_URL}")${w.content === undefined ? '' : `, (name = "CONTENT", service = "${w.name}-content")`} ],
);`);
  return ['using Workerd = import "/workerd/workerd.capnp";', `const config :Workerd.Config = (services = [${services}], sockets = [${sockets}]);`, ...definitions, ''].join('\n');
}

export interface Workerd {
  readonly ports: Readonly<Record<string, number>>;
  /** workerd's process (taskset and valgrind run it in their own process). */
  readonly pid: number | undefined;
  readonly startedAt: number;
  readonly listeningAt: number;
  /** Resolves once workerd (and valgrind, when it runs it) has exited. */
  stop(): Promise<void>;
}

export interface WorkerdOptions {
  /** The command line that runs workerd, given workerd's own (a profiler's, say); by default workerd itself. */
  readonly wrap?: (command: string, args: readonly string[]) => readonly [string, readonly string[]];
  /** How long workerd may take to listen (default 120 s). */
  readonly startMs?: number;
}

/** Starts workerd with the given Workers (a script path, or a script with its content), each on its own loopback port, and waits until all listen. */
export async function startWorkerd(
  root: string,
  dir: string,
  scripts: Readonly<Record<string, string | WorkerScript>>,
  compatibilityDate: string,
  options: WorkerdOptions = {},
): Promise<Workerd> {
  const workers: WorkerSpec[] = [];
  for (const [name, worker] of Object.entries(scripts)) workers.push({ name, ...(typeof worker === 'string' ? { script: worker } : worker), port: await freePort() });
  const config = join(dir, `workerd-${workers.map((w) => w.name).join('-')}.capnp`);
  await writeFile(config, capnpConfig(workers, compatibilityDate, dir));
  const startedAt = performance.now();
  const [command, args] = (options.wrap ?? ((c, a) => [c, a]))(join(root, 'node_modules/.bin/workerd'), ['serve', config]);
  const child = start(...pinned('server', command, args));
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = startedAt + (options.startMs ?? 120_000);
  for (const worker of workers) {
    while (!(await canConnect(worker.port))) {
      if (child.exitCode !== null || performance.now() > deadline) {
        await stop(child);
        throw new Error(`workerd did not start:\n${output.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  return {
    ports: Object.fromEntries(workers.map((w) => [w.name, w.port])),
    pid: child.pid,
    startedAt,
    listeningAt: performance.now(),
    stop: () => stop(child),
  };
}
