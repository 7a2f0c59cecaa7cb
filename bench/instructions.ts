/**
 * @module Instructions per request: the Workers wrk loads, run in one workerd under valgrind's callgrind, each
 * request kind sent `requests` times over one keep-alive connection after a warm-up, counting every instruction
 * workerd executes (all its threads) between zeroing the counters and dumping them. It counts work, not time: a
 * cache miss costs no more instructions than a hit. Requests per second on this shared machine scatter by ±10–30 %
 * between rounds; the count does not depend on what else the machine does.
 *
 * What it does depend on is when garbage collection falls: V8 collects the young generation every few hundred
 * requests, and a count of 300 requests came out ~230k or ~265k a request by whether a collection fell in it.
 * Counts are therefore long (2,000 requests, several young collections each), and vary by a few per cent.
 *
 * A major collection is another matter: it marks the whole heap and sweeps the runtime's C++ objects (the
 * wrappers of past requests' Request, Headers and Response), and the one count it falls in comes out 30–80k a
 * request higher (callgrind: cppgc's sweeper, wrappers' finalisers, tcmalloc's frees), whichever kind it is. With two or three of them in the ~34,000
 * requests of one round of counts, the median of three still kept one in a kind's figure, in each corpus of a run
 * (Atom's at 1k in T0052, the 304's at 0.85 of its baseline in the next run, which also started each repeat at
 * another kind). So each kind is counted three times, starting each repeat at another kind, and the least of its
 * counts is taken: the request's own work with the fewest collections in it, for the app and its baselines alike.
 * Amortised, a major collection adds a few thousand instructions to every request of every Worker.
 */

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { run } from './processes';
import { startWorkerd, type WorkerScript } from './workerd';

const VALGRIND = '/usr/bin/valgrind';
const CALLGRIND_CONTROL = '/usr/bin/callgrind_control';

/** Whether this machine can count: Debian's valgrind package brings both commands. */
export function canCountInstructions(): boolean {
  return existsSync(VALGRIND) && existsSync(CALLGRIND_CONTROL);
}

/** One kind of request to count: a path on one of the Workers, and the status it must answer. */
export interface CountedRequest {
  readonly worker: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface InstructionCount {
  /** The least of the repeats, per request: the one with the fewest garbage collections in it. */
  readonly perRequest: number;
  /** Each repeat's instructions per request, in the order they ran. */
  readonly repeats: readonly number[];
}

export interface CountOptions {
  /** Requests counted per repeat (default 2,000). */
  readonly requests?: number;
  /** Requests sent before each count, not counted (default 100). */
  readonly warmup?: number;
  /**
   * Requests of each kind sent before the first count (default 500): V8 goes on optimising a handler for hundreds
   * of requests.
   */
  readonly firstWarmup?: number;
  /** Counts per request kind, interleaved with the other kinds' (default 3). */
  readonly repeats?: number;
}

/**
 * Counts the instructions each of `requests` costs workerd, serving `scripts` (see startWorkerd). The kinds are
 * counted in turn, `repeats` times over, each repeat starting a `repeats`th further along the list (see
 * `repeatOrder`), so that what workerd does in the background (its timers, a major garbage collection) does not
 * fall in the same kind's counts each time; each kind's figure is the least of its counts.
 */
export async function countInstructions(
  root: string,
  dir: string,
  scripts: Readonly<Record<string, string | WorkerScript>>,
  compatibilityDate: string,
  requests: readonly CountedRequest[],
  options: CountOptions = {},
): Promise<InstructionCount[]> {
  const counted = options.requests ?? 2000;
  const warmup = options.warmup ?? 100;
  const repeats = Math.max(1, options.repeats ?? 3);
  const firstWarmup = options.firstWarmup ?? 500;
  const outFile = join(dir, 'callgrind.out');
  // Uninstrumented until every isolate is up: valgrind then runs workerd's start at near full speed.
  const workerd = await startWorkerd(root, dir, scripts, compatibilityDate, {
    wrap: (command, args) => [VALGRIND, ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`, command, ...args]],
    startMs: 600_000,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const pid = workerd.pid;
    if (pid === undefined) throw new Error('workerd under valgrind has no process id');
    const control = async (...args: string[]) => {
      const result = await run(CALLGRIND_CONTROL, [...args, String(pid)], { timeoutMs: 120_000 });
      if (!result.ok) throw new Error(`callgrind_control ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
    };
    const send = async (target: CountedRequest, times: number) => {
      const port = workerd.ports[target.worker];
      if (port === undefined) throw new Error(`no Worker named ${target.worker}`);
      for (let i = 0; i < times; i++) {
        const status = await get(agent, port, target.path, target.headers ?? {});
        if (status !== target.status) throw new Error(`${target.worker} ${target.path} answered ${status}, not ${target.status}`);
      }
    };
    // workerd loads an isolate on its first request: one each, before valgrind instruments anything.
    for (const worker of new Set(requests.map((r) => r.worker))) await send(requests.find((r) => r.worker === worker)!, 1);
    await control('--instr=on');
    for (const target of requests) await send(target, firstWarmup);
    let dumps = 0;
    const samples = requests.map((): number[] => []);
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const i of repeatOrder(requests.length, repeat, repeats)) {
        const target = requests[i]!;
        await send(target, warmup);
        await control('--zero');
        await send(target, counted);
        await control('--dump');
        dumps++;
        samples[i]!.push((await dumpedInstructions(outFile, dumps)) / counted);
      }
    }
    return samples.map((repeatsOf) => ({ perRequest: Math.min(...repeatsOf), repeats: repeatsOf }));
  } finally {
    agent.destroy();
    await workerd.stop();
  }
}

/**
 * The order of the kinds (their indexes) in repeat `repeat` of `repeats`: the list rotated by `repeat` × `count` ÷
 * `repeats`, so repeats start at kinds spread evenly over it.
 */
export function repeatOrder(count: number, repeat: number, repeats: number): number[] {
  const start = Math.round((repeat * count) / repeats);
  return Array.from({ length: count }, (_, i) => (start + i) % count);
}

/**
 * Times a request reset on a new connection is sent again. Once in a run of 2026-11-28, workerd under valgrind
 * reset a connection it had just accepted, and the run lost every count of that Worker; a workerd that is gone
 * refuses the next connection instead, which no retry hides.
 */
const NEW_CONNECTION_RESETS = 3;

/** One GET over the agent's one connection, answering its status; the body is read and dropped. */
export function get(agent: Agent, port: number, path: string, headers: Readonly<Record<string, string>>, resetsLeft = NEW_CONNECTION_RESETS): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection that workerd closed while it sat idle (other kinds were being counted): Node's
      // documented case for sending the request again. No answer came, so the count of answers stays whole.
      if (error.code !== 'ECONNRESET') reject(error);
      else if (req.reusedSocket) get(agent, port, path, headers, resetsLeft).then(resolve, reject);
      else if (resetsLeft > 0) get(agent, port, path, headers, resetsLeft - 1).then(resolve, reject);
      else reject(new Error(`${path}: the connection was reset ${NEW_CONNECTION_RESETS + 1} times in a row (${error.message})`));
    });
    req.end();
  });
}

/** The total of callgrind's `n`th dump (callgrind names them `<out file>.<n>`). */
async function dumpedInstructions(outFile: string, n: number): Promise<number> {
  const file = `${outFile}.${n}`;
  // callgrind_control returns once the dump is asked for; the file may be written a moment later.
  for (let waited = 0; waited < 60_000; waited += 50) {
    const totals = /^(?:totals|summary):\s*(\d+)/m.exec(await readFile(file, 'utf8').catch(() => ''));
    if (totals) return Number(totals[1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`callgrind wrote no ${file}`);
}
