/**
 * @module `npm run load`: builds the site, starts the Worker locally (`wrangler dev` on 127.0.0.1) and runs wrk
 * against it: 32 connections for 10 s over a fixed mix of pages, feeds, conditional requests (304) and a
 * missing page (404). Prints requests, socket errors and responses by status; exits 1 on any error or 5xx.
 * A measurement, not a test: it is not part of `npm test`.
 *
 * Options: --duration 10 (seconds), --connections 32, --threads 2, --port (a free one when not given).
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 90_000;

interface LoadRequest {
  /** What the request stands for in the mix, for the report. */
  readonly label: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The status a correct Worker answers with. */
  readonly expected: number;
}

interface WrkResult {
  readonly requests: number;
  readonly durationUs: number;
  readonly errors: { readonly connect: number; readonly read: number; readonly write: number; readonly timeout: number };
  readonly latencyUs: { readonly mean: number; readonly p50: number; readonly p99: number; readonly max: number };
  readonly statuses: Readonly<Record<string, number>>;
}

function readOptions(): { duration: number; connections: number; threads: number; port: number | undefined } {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      threads: { type: 'string', default: '2' },
      port: { type: 'string' },
    },
    allowPositionals: false,
  });
  const positive = (name: string, text: string | undefined): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive whole number (got ${JSON.stringify(text)})`, 2);
    return value;
  };
  return {
    duration: positive('duration', values.duration),
    connections: positive('connections', values.connections),
    threads: positive('threads', values.threads),
    port: values.port === undefined ? undefined : positive('port', values.port),
  };
}

/** A reason to stop the run; thrown, not exited on, so the worker is always stopped first. */
class LoadFailure extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'LoadFailure';
    this.exitCode = exitCode;
  }
}

function fail(message: string, exitCode = 1): never {
  throw new LoadFailure(message, exitCode);
}

/** A port nobody listens on now: the OS picks it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** wrangler dev in its own process group, so stopping the group also stops the workerd it starts. */
function startWorker(port: number, inspectorPort: number, log: string[]): ChildProcess {
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', HOST, '--show-interactive-dev-session=false'];
  // Its own devtools port, on loopback too: the default 9229 may be taken by another wrangler dev.
  args.push('--inspector-port', String(inspectorPort), '--inspector-ip', HOST);
  const child = spawn('npx', args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilServing(base: string, child: ChildProcess, log: readonly string[]): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`wrangler dev exited (${child.exitCode}) before serving:\n${log.join('')}`);
    try {
      const response = await fetch(`${base}/`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`wrangler dev did not answer ${base}/ within ${STARTUP_TIMEOUT_MS / 1000} s:\n${log.join('')}`);
}

/** The mix: paths found on the running site, with the ETag each one has now for the conditional requests. */
async function planRequests(base: string): Promise<LoadRequest[]> {
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
  const article = paths.find((path) => path.startsWith('/articles/'));
  const tag = paths.find((path) => path.startsWith('/tags/'));
  const plain: [string, string][] = [
    ['home page', '/'],
    ...(article === undefined ? [] : ([['article page', article]] as [string, string][])),
    ...(tag === undefined ? [] : ([['tag page', tag]] as [string, string][])),
    ['RSS', '/rss.xml'],
    ['Atom', '/atom.xml'],
    ['JSON Feed', '/feed.json'],
  ];
  const requests: LoadRequest[] = plain.map(([label, path]) => ({ label, path, headers: {}, expected: 200 }));
  for (const [label, path] of plain) {
    const response = await fetch(`${base}${path}`);
    await response.arrayBuffer();
    const etag = response.headers.get('ETag');
    if (etag === null) fail(`${path} has no ETag, so there is no conditional request to make`);
    const check = await fetch(`${base}${path}`, { headers: { 'If-None-Match': etag } });
    await check.arrayBuffer();
    if (check.status !== 304) console.warn(`bulletin load: warning: ${path} with If-None-Match ${etag} answered ${check.status}, not 304`);
    requests.push({ label: `${label}, If-None-Match`, path, headers: { 'If-None-Match': etag }, expected: 304 });
  }
  requests.push({ label: 'missing page', path: '/no/such/page', headers: {}, expected: 404 });
  return requests;
}

/** A Lua string literal; the paths and ETags in the mix are ASCII (paths as the sitemap percent-encodes them). */
function luaString(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`not printable ASCII: ${JSON.stringify(text)}`);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A wrk script that sends the mix round-robin (each thread from its own starting point), counts responses by
 * status in every thread, and prints one JSON line with the totals when the run is done.
 */
function wrkScript(requests: readonly LoadRequest[]): string {
  const entries = requests.map((request) => {
    const headers = Object.entries(request.headers).map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`);
    return `  { path = ${luaString(request.path)}, headers = { ${headers.join(', ')} } },`;
  });
  return `-- Generated by scripts/load.ts.
local requests = {
${entries.join('\n')}
}
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("offset", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = offset % #requests
end

function request()
  counter = counter % #requests + 1
  local r = requests[counter]
  return wrk.format("GET", r.path, r.headers)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests_done)
  local totals = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do totals[code] = (totals[code] or 0) + count end
  end
  local parts = {}
  for code, count in pairs(totals) do table.insert(parts, string.format('"%s": %d', code, count)) end
  local e = summary.errors
  io.write(string.format(
    'LOAD-RESULT {"requests": %d, "durationUs": %d, "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"latencyUs": {"mean": %.0f, "p50": %d, "p99": %d, "max": %d}, "statuses": {%s}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ", ")))
end
`;
}

async function runWrk(base: string, script: string, options: { duration: number; connections: number; threads: number }): Promise<WrkResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bulletin-load-'));
  try {
    const file = join(dir, 'mix.lua');
    await writeFile(file, script);
    const args = [`-t${options.threads}`, `-c${options.connections}`, `-d${options.duration}s`, '--timeout', '5s', '-s', file, `${base}/`];
    const run = spawnSync('wrk', args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (run.error !== undefined) throw run.error;
    const line = run.stdout.split('\n').find((text) => text.startsWith('LOAD-RESULT '));
    if (run.status !== 0 || line === undefined) fail(`wrk failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    return JSON.parse(line.slice('LOAD-RESULT '.length)) as WrkResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function report(result: WrkResult, requests: readonly LoadRequest[], options: { duration: number; connections: number; threads: number }, base: string): boolean {
  const ms = (us: number) => `${(us / 1000).toFixed(2)} ms`;
  const seconds = result.durationUs / 1e6;
  const socketErrors = result.errors.connect + result.errors.read + result.errors.write + result.errors.timeout;
  const codes = Object.keys(result.statuses).sort();
  const serverErrors = codes.filter((code) => code.startsWith('5')).reduce((sum, code) => sum + result.statuses[code]!, 0);
  const answered = codes.reduce((sum, code) => sum + result.statuses[code]!, 0);
  // Each request of the mix is sent equally often, so each status should have its share of the mix.
  const expectedShare = (status: number) => requests.filter((request) => request.expected === status).length / requests.length;
  const known = new Set(requests.map((request) => String(request.expected)));
  const unexpected = codes.filter((code) => !known.has(code));

  console.log(
    [
      `bulletin load: ${options.connections} connections, ${options.threads} threads, ${options.duration} s against ${base} (wrangler dev)`,
      `  mix (round-robin, ${requests.length} requests):`,
      ...requests.map((request) => `    ${String(request.expected)}  ${request.label.padEnd(28)} ${request.path}`),
      `  requests:  ${result.requests} in ${seconds.toFixed(2)} s (${(result.requests / seconds).toFixed(0)} req/s)`,
      `  latency:   mean ${ms(result.latencyUs.mean)}, p50 ${ms(result.latencyUs.p50)}, p99 ${ms(result.latencyUs.p99)}, max ${ms(result.latencyUs.max)}`,
      `  errors:    ${socketErrors} (connect ${result.errors.connect}, read ${result.errors.read}, write ${result.errors.write}, timeout ${result.errors.timeout})`,
      '  statuses:',
      ...codes.map((code) => {
        const count = result.statuses[code]!;
        const share = known.has(code) ? `, expected ${(expectedShare(Number(code)) * 100).toFixed(1)}%` : ', not expected in this mix';
        return `    ${code}: ${count} (${((count / answered) * 100).toFixed(1)}%${share})`;
      }),
      `  5xx:       ${serverErrors}`,
    ].join('\n'),
  );
  if (unexpected.length > 0) console.warn(`bulletin load: warning: statuses outside the mix's expectations: ${unexpected.join(', ')}`);
  const ok = socketErrors === 0 && serverErrors === 0;
  console.log(`bulletin load: ${ok ? 'OK: no errors, no 5xx' : 'FAILED: errors or 5xx responses'}`);
  return ok;
}

async function main(): Promise<void> {
  const options = readOptions();
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) fail('wrk is not installed; install it with `apt-get install -y wrk` (Debian, Ubuntu) or `brew install wrk`', 2);

  // The same build wrangler runs on start (wrangler.toml [build]), run here first so its problems show plainly.
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) fail('the content build failed; fix the seeds above and run again');

  const port = options.port ?? (await freePort());
  const base = `http://${HOST}:${port}`;
  const log: string[] = [];
  const worker = startWorker(port, await freePort(), log);
  const stopOnSignal = () => void stopWorker(worker).then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  let ok = false;
  try {
    await waitUntilServing(base, worker, log);
    const requests = await planRequests(base);
    const result = await runWrk(base, wrkScript(requests), options);
    ok = report(result, requests, options, base);
  } finally {
    await stopWorker(worker);
  }
  process.exitCode = ok ? 0 : 1;
}

try {
  await main();
} catch (error) {
  if (!(error instanceof LoadFailure)) throw error;
  console.error(`bulletin load: ${error.message}`);
  process.exitCode = error.exitCode;
}
