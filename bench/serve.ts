/**
 * @module Serving benchmarks: the Worker bundled by wrangler and run by raw `workerd serve`, loaded with `wrk`
 * on 127.0.0.1 beside baseline Workers that return the same bytes from constants (with the app's headers, and
 * bare), plus cold start and size.
 */

import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { canCountInstructions, countInstructions, type CountedRequest, type CountOptions, type InstructionCount } from './instructions';
import { run } from './processes';
import { routeFootprints, type RouteFootprint } from './size';
import { readWranglerConfig } from './wrangler-config';
import { pinned, startWorkerd, type Workerd, type WorkerScript } from './workerd';

export interface WorkerBundle {
  readonly script: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly bundleMs: number;
}

/**
 * Bundles a copy of src/index.ts whose generated import points at `siteModule` (a build output, without its
 * extension) and whose other relative imports point back into src/, so the team's src/generated/site.js is
 * never overwritten by a bench corpus and the entry stays whatever src/index.ts is.
 */
export async function bundleWorker(root: string, siteModule: string, dir: string, assets?: string): Promise<WorkerBundle> {
  const src = join(root, 'src');
  const generated = join(src, 'generated/site');
  let redirected = false;
  const entry = (await readFile(join(src, 'index.ts'), 'utf8')).replace(/(from\s+)(['"])(\.\.?\/[^'"]+)\2/g, (_, from: string, _quote: string, specifier: string) => {
    const target = resolve(src, specifier);
    if (target.replace(/\.js$/, '') !== generated) return `${from}${JSON.stringify(target)}`;
    redirected = true;
    return `${from}${JSON.stringify(`${siteModule}.js`)}`;
  });
  if (!redirected) throw new Error('src/index.ts no longer imports ./generated/site: update bench/serve.ts bundleWorker');
  return bundleEntry(root, dir, 'entry', entry, assets);
}

/**
 * `wrangler deploy --dry-run` of one entry module (`source`, written as `<dir>/<name>.ts`), as production bundles:
 * with wrangler.toml's bundling settings (until 2026-11-26T17 the bench left out `keep_names = false`, so it
 * measured the app with esbuild's `__name()` wrappers that production does not have). With `assets`, the [assets]
 * section points there, so wrangler checks the files as a deploy would.
 */
export async function bundleEntry(root: string, dir: string, name: string, source: string, assets?: string): Promise<WorkerBundle> {
  await mkdir(dir, { recursive: true });
  const { bundlingLines } = await readWranglerConfig(root);
  await writeFile(join(dir, `${name}.ts`), source);
  await writeFile(join(dir, `${name}.toml`), [
    'name = "bulletin-bench"',
    `main = "${name}.ts"`,
    ...bundlingLines,
    'send_metrics = false',
    ...(assets === undefined ? [] : ['', '[assets]', `directory = ${JSON.stringify(assets)}`, 'binding = "CONTENT"', 'run_worker_first = true']),
    '',
  ].join('\n'));
  const out = join(dir, `out-${name}`);
  const result = await run(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out, '-c', join(dir, `${name}.toml`)], {
    cwd: root,
    env: { WRANGLER_SEND_METRICS: 'false' },
    timeoutMs: 300_000,
  });
  if (!result.ok) throw new Error(`wrangler deploy --dry-run failed:\n${(result.stderr || result.stdout).slice(-2000)}`);
  const script = join(out, `${name}.js`);
  const bytes = await readFile(script);
  return { script, rawBytes: bytes.length, gzipBytes: gzipSync(bytes).length, bundleMs: result.wallMs };
}

const HELLO = "export default { fetch() { return new Response('Hello World!'); } };\n";

/** The import line of the bench's Hono Workers: the project's own hono. */
const importHono = (root: string) => `import { Hono } from ${JSON.stringify(join(root, 'node_modules/hono/dist/index.js'))};`;

/** The hello-world Hono app. */
const HONO_HELLO = (root: string) => `${importHono(root)}
const app = new Hono();
app.get('*', (c) => c.text('Hello World!'));
export default app;
`;

/**
 * The least a Worker can do to answer the app's 304, the floor its goal is measured over: the 304 itself, with its
 * own headers (ETag, Cache-Control and Vary, which RFC 9110 has a 304 repeat), made at the first request and sent
 * again to every later one, as the app does since 2026-11-28T13 (a Response made at each request, as until then,
 * cost ~20k more); If-None-Match read and compared; nothing else: no path, no table, no URL parsed. `hono` puts the
 * same handler in a Hono app with one route: what Hono's own dispatch adds to any answer, this one included.
 */
function notModifiedFloor(root: string, notModified: Captured, hono: boolean): string {
  const constants = `const ETAG = ${JSON.stringify(notModified.etag)};
let notModified;
const answer = (request) => request.headers.get('If-None-Match') === ETAG
  ? (notModified ??= new Response(null, { status: 304, headers: ${JSON.stringify(notModified.headers)} }))
  : new Response('Hello World!');
`;
  if (!hono) return `${constants}export default { fetch: answer };
`;
  return `${importHono(root)}
${constants}const app = new Hono();
app.all('*', (c) => answer(c.req.raw));
export default app;
`;
}

export interface ColdStart {
  /** workerd spawned → its socket accepts connections (script compiled and evaluated). */
  readonly listenMs: number;
  /** The first request, once listening: per-isolate work the app does lazily. */
  readonly firstRequestMs: number;
  readonly totalMs: number;
}

/** One cold start of the app alone: spawn workerd, time until the first `/` is answered. Leaves it running. */
async function coldStart(root: string, dir: string, app: WorkerScript, compatibilityDate: string): Promise<{ sample: ColdStart; workerd: Workerd }> {
  const workerd = await startWorkerd(root, dir, { app }, compatibilityDate);
  try {
    const before = performance.now();
    await (await fetch(`http://127.0.0.1:${workerd.ports['app']}/`)).arrayBuffer();
    const after = performance.now();
    return { sample: { listenMs: workerd.listeningAt - workerd.startedAt, firstRequestMs: after - before, totalMs: after - workerd.startedAt }, workerd };
  } catch (error) {
    await workerd.stop();
    throw error;
  }
}

export interface Route {
  readonly label: string;
  readonly path: string;
  /** Send the route's own ETag back: the answer is 304. */
  readonly conditional?: boolean;
}

/** Set by workerd itself, not by any handler: left out of what a baseline sends and of the comparison. */
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set(['content-length', 'date', 'transfer-encoding', 'connection', 'keep-alive']);

type HeaderList = readonly (readonly [string, string])[];

/** A response's headers as a handler set them: lower-case names, in workerd's order, without transport headers. */
function handlerHeaders(response: Response): HeaderList {
  return [...response.headers].filter(([name]) => !TRANSPORT_HEADERS.has(name));
}

interface Captured {
  /** The route's first request in a fresh isolate (after `/` and /subscribe): in assets mode, its shard and chunks are fetched. */
  readonly firstMs: number;
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly etag: string;
  readonly body: string;
  /** Every header of the route's 200, or, for a conditional route, of its 304. */
  readonly headers: HeaderList;
}

/**
 * The baselines: Workers that look a path up in a constant table and return the app's bytes, answering a matching
 * If-None-Match with 304; `/hello` is the hello-world floor. `same-headers` sends every header the app sent for
 * that route and status (one `Headers` per route and status, built at startup, as the app builds each document's)
 * and the body as bytes encoded at startup, as the app keeps it (from 2026-11-26T15; a string body is encoded on
 * every request, which made feeds 1.3–1.8× "faster" than the baseline once the app kept bytes). `bare` is the
 * baseline of runs before 2026-11-26T13, unchanged: Content-Type and ETag only (ETag only on a 304), as an object
 * literal per request, and the body as a string.
 */
function baselineScript(captured: readonly Captured[], kind: 'same-headers' | 'bare'): string {
  const table: Record<string, { body: string; type: string; etag: string; ok?: HeaderList; notModified?: HeaderList }> = {};
  for (const c of captured) {
    const route = (table[c.path] ??= { body: c.body, type: c.contentType, etag: c.etag });
    if (c.status === 304) route.notModified = c.headers;
    else route.ok = c.headers;
  }
  const routes = `const ROUTES = ${JSON.stringify(table)};
export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === '/hello') return new Response('Hello World!');
    const route = ROUTES[path];
    if (!route) return new Response('Not Found', { status: 404 });
`;
  if (kind === 'bare') {
    return `${routes}    if (request.headers.get('If-None-Match') === route.etag) return new Response(null, { status: 304, headers: { ETag: route.etag } });
    return new Response(route.body, { headers: { 'Content-Type': route.type, ETag: route.etag } });
  },
};
`;
  }
  return `${routes}    if (request.headers.get('If-None-Match') === route.etag) return new Response(null, { status: 304, headers: route.notModified });
    return new Response(route.bytes, { headers: route.ok });
  },
};
for (const route of Object.values(ROUTES)) {
  route.bytes = new TextEncoder().encode(route.body);
  route.ok = new Headers(route.ok ?? [['content-type', route.type], ['etag', route.etag]]);
  route.notModified = route.notModified ? new Headers(route.notModified) : route.ok;
}
`;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses other than the expected status, or socket errors, as wrk counts them. */
  readonly errors: number;
}

export interface LoadOptions {
  readonly seconds: number;
  readonly connections: number;
}

/** The middle value (the upper one of an even count). */
function medianOf(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** The run with the median rate among `runs` (one per round). */
function medianLoad(runs: readonly LoadResult[]): LoadResult {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)]!;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

/** One bounded wrk run against a loopback URL. */
export async function load(url: string, headers: readonly string[], options: LoadOptions): Promise<LoadResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load anything but loopback: ${url}`);
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s', '--latency', ...headers.flatMap((h) => ['-H', h]), url];
  const result = await run(...pinned('load', 'wrk', args), { timeoutMs: (options.seconds + 30) * 1000 });
  if (!result.ok) throw new Error(`wrk failed: ${result.stderr || result.stdout}`);
  const out = result.stdout;
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return match ? toMs(match[1]!, match[2]!) : NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50Ms: percentile('50'),
    p99Ms: percentile('99'),
    errors: non2xx + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}

export interface RouteResult {
  readonly label: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  /** The route's first request in an isolate that has served only `/` and /subscribe. */
  readonly firstRequestMs: number;
  /** Headers the app sent for this route and status (without Date, Content-Length and other transport headers). */
  readonly headers: number;
  /** The same-headers baseline answered with the app's status, bytes and headers, checked before loading. */
  readonly baselineMatches: boolean;
  readonly app: LoadResult;
  /** Same bytes and the app's headers, from constants. */
  readonly baseline: LoadResult;
  /** Same bytes with Content-Type and ETag only: what `baseline` was in results before 2026-11-26T13. */
  readonly bare: LoadResult;
  /** app ÷ baseline requests per second: the median of the rounds' ratios. */
  readonly ratio: number;
  /** app ÷ bare requests per second, the same way. */
  readonly bareRatio: number;
  /** Each round's app ÷ baseline, to show how much they scatter. */
  readonly roundRatios?: readonly number[];
  /** Instructions per request under callgrind (see ./instructions.ts), where valgrind is installed. */
  readonly instructions?: RouteInstructions;
}

export interface RouteInstructions {
  readonly app: InstructionCount;
  readonly baseline: InstructionCount;
  /** baseline ÷ app instructions: like `ratio`, above 1 when the app does less work than the baseline. */
  readonly ratio: number;
}

export interface ServeResult {
  /** Median of the cold starts. */
  readonly coldStart: ColdStart;
  /** The same for a hello-world Worker: what workerd itself costs. */
  readonly helloColdStart: ColdStart;
  readonly coldStarts: readonly ColdStart[];
  /**
   * The cold start a Worker platform would see: workerd creates the isolate and evaluates the script on the first
   * request, so that request's time, plus whatever the script added to workerd's start beyond a hello-world's
   * (median of pairs started one after the other). workerd's own process start is not part of it.
   */
  readonly isolateColdStartMs?: number;
  readonly routes: readonly RouteResult[];
  /** A Worker that returns `new Response('Hello World!')`: workerd's floor. */
  readonly hello: LoadResult;
  /**
   * A hello-world Hono app (one route returning `c.text('Hello World!')`), bundled as the app is: the reference
   * issue #5 measures against ("raw workerd answers a hello-world Hono app at about 15k requests/s").
   */
  readonly honoHello?: LoadResult;
  /** Instructions per request of the hello world and the hello-world Hono app, counted with the routes'. */
  readonly helloInstructions?: InstructionCount;
  readonly honoHelloInstructions?: InstructionCount;
  /**
   * The hello-world Hono app's instructions for the very request the 304 route is sent (its If-None-Match
   * header too): the 304 and this differ in what they answer, not in what workerd has to read.
   */
  readonly honoHelloConditionalInstructions?: InstructionCount;
  /**
   * The 304's floors, asked its very request: a Worker that answers it with one 304 made once and does nothing
   * else (`bare`), and the same answer from a Hono app with one route (`hono`); see notModifiedFloor. Until
   * 2026-11-28T13 they made a 304 at each request, ~20k more.
   */
  readonly notModifiedFloorInstructions?: { readonly bare: InstructionCount; readonly hono: InstructionCount };
  /** Why instructions were not counted, when they were asked for and could not be. */
  readonly instructionsError?: string;
  /** Assets mode: what each route's first request reads, and the same for `/` and /sitemap.xml. */
  readonly footprints?: readonly RouteFootprint[];
}

function median(samples: readonly ColdStart[]): ColdStart {
  return [...samples].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(samples.length / 2)]!;
}

/** Picks an article and a tag that exist in this corpus from the running site. */
async function chooseRoutes(origin: string): Promise<Route[]> {
  const home = await (await fetch(`${origin}/`)).text();
  const article = /href="(\/articles\/[^"]+)"/.exec(home)?.[1];
  const subscribe = await (await fetch(`${origin}/subscribe`)).text();
  const tag = /href="(\/tags\/[^"/]+)\/rss\.xml"/.exec(subscribe)?.[1] ?? /href="(\/tags\/[^"/]+)"/.exec(subscribe)?.[1];
  return [
    { label: 'home /', path: '/' },
    ...(article ? [{ label: 'article', path: article }] : []),
    { label: 'rss.xml', path: '/rss.xml' },
    { label: 'atom.xml', path: '/atom.xml' },
    { label: 'feed.json', path: '/feed.json' },
    ...(tag ? [{ label: 'tag rss', path: `${tag}/rss.xml` }] : []),
    { label: '304 rss.xml', path: '/rss.xml', conditional: true },
  ];
}

/**
 * Before anything is timed: a probe Worker with the same CONTENT binding reads the first chunk file and must get its
 * exact bytes, and the app must answer `/` with 200, so a wrong binding fails loudly instead of measuring 500s.
 */
async function checkContentBinding(root: string, dir: string, app: WorkerScript, compatibilityDate: string): Promise<void> {
  if (app.content === undefined) return;
  const url = 'https://assets.bulletin.invalid/_content/chunks/0.txt';
  const probe = join(dir, 'content-probe.js');
  await writeFile(probe, `export default { fetch(request, env) { return env.CONTENT.fetch(${JSON.stringify(url)}); } };\n`);
  const workerd = await startWorkerd(root, dir, { probe: { script: probe, content: app.content }, app }, compatibilityDate);
  try {
    const read = Buffer.from(await (await fetch(`http://127.0.0.1:${workerd.ports['probe']}/`)).arrayBuffer());
    const file = await readFile(join(app.content, '_content/chunks/0.txt'));
    if (!read.equals(file)) throw new Error(`env.CONTENT.fetch(${url}) did not answer the file's ${file.length} bytes (got ${read.length})`);
    const home = await fetch(`http://127.0.0.1:${workerd.ports['app']}/`);
    if (home.status !== 200) throw new Error(`the app answered / with ${home.status} over the CONTENT binding: ${(await home.text()).slice(0, 300)}`);
    await home.arrayBuffer().catch(() => undefined);
  } finally {
    await workerd.stop();
  }
}

/**
 * Cold starts first (the first of them also picks the routes and captures their bytes for the baseline), then
 * every route loaded on the app and on its baseline, one after the other, in one workerd. `content` is the assets
 * directory of a large-archive build, bound as CONTENT.
 */
export async function measureServing(
  root: string,
  dir: string,
  script: string,
  compatibilityDate: string,
  options: LoadOptions & { readonly coldRuns: number; readonly rounds: number; readonly content?: string; readonly instructions?: CountOptions | false },
): Promise<ServeResult> {
  const worker: WorkerScript = { script, ...(options.content === undefined ? {} : { content: options.content }) };
  await checkContentBinding(root, dir, worker, compatibilityDate);
  const coldStarts: ColdStart[] = [];
  const captured: Captured[] = [];
  let routes: Route[] = [];
  for (let i = 0; i < Math.max(1, options.coldRuns); i++) {
    const { sample, workerd } = await coldStart(root, dir, worker, compatibilityDate);
    coldStarts.push(sample);
    try {
      if (i === 0) {
        const origin = `http://127.0.0.1:${workerd.ports['app']}`;
        routes = await chooseRoutes(origin);
        for (const route of routes) {
          const before = performance.now();
          const response = await fetch(`${origin}${route.path}`, { redirect: 'manual' });
          const body = await response.text();
          const firstMs = performance.now() - before;
          const etag = response.headers.get('ETag') ?? '';
          // A conditional route's row is its 304: the baseline answers with the headers of the app's 304.
          const answer = route.conditional ? await fetch(`${origin}${route.path}`, { redirect: 'manual', headers: { 'If-None-Match': etag } }) : response;
          if (route.conditional) await answer.arrayBuffer();
          captured.push({
            firstMs,
            path: route.path,
            status: answer.status,
            contentType: response.headers.get('Content-Type') ?? '',
            etag,
            body,
            headers: handlerHeaders(answer),
          });
        }
      }
    } finally {
      await workerd.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const baseline = join(dir, 'baseline.js');
  await writeFile(baseline, baselineScript(captured, 'same-headers'));
  const bare = join(dir, 'bare.js');
  await writeFile(bare, baselineScript(captured, 'bare'));
  const helloScript = join(dir, 'hello.js');
  await writeFile(helloScript, HELLO);
  // The app's cold starts again, each beside a hello-world's, so both see the machine in the same state.
  const helloStarts: ColdStart[] = [];
  const appStarts: ColdStart[] = [];
  for (let i = 0; i < Math.max(1, options.coldRuns); i++) {
    for (const [script, samples] of [[worker, appStarts], [{ script: helloScript }, helloStarts]] as const) {
      const { sample, workerd } = await coldStart(root, dir, script, compatibilityDate);
      await workerd.stop();
      samples.push(sample);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const isolateColdStarts = appStarts.map((app, i) => app.firstRequestMs + Math.max(0, app.listenMs - helloStarts[i]!.listenMs));

  const honoHello = await bundleEntry(root, dir, 'hono-hello', HONO_HELLO(root));
  const workerd = await startWorkerd(root, dir, { app: worker, baseline, bare, hono: honoHello.script }, compatibilityDate);
  try {
    const url = (name: string, path: string) => `http://127.0.0.1:${workerd.ports[name]}${path}`;
    // workerd loads an isolate on its first request, on the thread that serves the others: load them all first.
    await (await fetch(url('app', '/'))).arrayBuffer();
    await (await fetch(url('baseline', '/hello'))).arrayBuffer();
    await (await fetch(url('bare', '/hello'))).arrayBuffer();
    await (await fetch(url('hono', '/hello'))).arrayBuffer();
    const rounds = Math.max(1, options.rounds);
    const helloRuns: LoadResult[] = [];
    const honoRuns: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      helloRuns.push(await load(url('baseline', '/hello'), [], options));
      honoRuns.push(await load(url('hono', '/hello'), [], options));
    }
    const hello = medianLoad(helloRuns);
    const results: RouteResult[] = [];
    for (const [i, route] of routes.entries()) {
      const capture = captured[i]!;
      const headers: Record<string, string> = route.conditional ? { 'If-None-Match': capture.etag } : {};
      const wrkHeaders = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
      // Warm all three, so none pays its per-isolate first-request work inside the measurement; and check that the
      // baseline answers as the app does (Cache-Control could differ if a scheduled article fell due meanwhile).
      await (await fetch(url('bare', route.path), { headers })).arrayBuffer();
      const reference = await fetch(url('baseline', route.path), { redirect: 'manual', headers });
      const referenceBody = await reference.text();
      const warm = await fetch(url('app', route.path), { redirect: 'manual', headers });
      const warmBody = await warm.text();
      const sorted = (list: HeaderList) => [...list].map(([name, value]) => `${name}: ${value}`).sort().join('\n');
      const baselineMatches = reference.status === warm.status && referenceBody === warmBody && sorted(handlerHeaders(reference)) === sorted(handlerHeaders(warm));
      if (!baselineMatches) console.error(`serve: warning: the baseline does not answer ${route.label} ${route.path} as the app does`);
      // Rounds of app, baseline and bare, each round starting with the next of them: a slow spell on the machine
      // then lowers one round's three runs, not one Worker's figures.
      const runs: Record<'app' | 'baseline' | 'bare', LoadResult[]> = { app: [], baseline: [], bare: [] };
      const order = ['app', 'baseline', 'bare'] as const;
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < order.length; k++) {
          const name = order[(round + k) % order.length]!;
          runs[name].push(await load(url(name, route.path), wrkHeaders, options));
        }
      }
      const roundRatios = runs.app.map((run, r) => run.requestsPerSecond / runs.baseline[r]!.requestsPerSecond);
      const app = medianLoad(runs.app);
      const base = medianLoad(runs.baseline);
      const bareLoad = medianLoad(runs.bare);
      results.push({
        label: route.label,
        path: route.path,
        status: warm.status,
        bytes: Buffer.byteLength(capture.body),
        firstRequestMs: capture.firstMs,
        headers: capture.headers.length,
        baselineMatches,
        app,
        baseline: base,
        bare: bareLoad,
        ratio: medianOf(roundRatios),
        bareRatio: medianOf(runs.app.map((run, r) => run.requestsPerSecond / runs.bare[r]!.requestsPerSecond)),
        roundRatios,
      });
    }
    // The counts run in a workerd of their own, on the core this one had.
    await workerd.stop();
    let counts: Awaited<ReturnType<typeof countRoutes>> | undefined;
    if (options.instructions !== false) {
      const notModified = captured.find((capture) => capture.status === 304);
      const floors = notModified && {
        floor: (await bundleEntry(root, dir, 'floor-304', notModifiedFloor(root, notModified, false))).script,
        honoFloor: (await bundleEntry(root, dir, 'hono-floor-304', notModifiedFloor(root, notModified, true))).script,
      };
      counts = await countRoutes(root, dir, { app: worker, baseline, hono: honoHello.script, ...floors }, compatibilityDate, routes, captured, options.instructions ?? {});
    }
    const footprints = options.content === undefined ? undefined : await routeFootprints(options.content, [...new Set([...routes.map((r) => r.path), '/sitemap.xml'])]);
    return {
      // Every app cold start, the first round's (which also captured the routes) and the paired ones.
      coldStart: median([...coldStarts, ...appStarts]),
      helloColdStart: median(helloStarts),
      coldStarts: [...coldStarts, ...appStarts],
      isolateColdStartMs: medianOf(isolateColdStarts),
      routes: counts?.routes === undefined ? results : results.map((result, i) => ({ ...result, instructions: counts.routes![i]! })),
      hello,
      honoHello: medianLoad(honoRuns),
      ...(counts?.hello ? { helloInstructions: counts.hello, honoHelloInstructions: counts.honoHello! } : {}),
      ...(counts?.honoHelloConditional ? { honoHelloConditionalInstructions: counts.honoHelloConditional } : {}),
      ...(counts?.notModifiedFloors ? { notModifiedFloorInstructions: counts.notModifiedFloors } : {}),
      ...(counts?.error ? { instructionsError: counts.error } : {}),
      ...(footprints ? { footprints } : {}),
    };
  } finally {
    await workerd.stop();
  }
}

/**
 * Each route's instructions per request on the app and on its same-headers baseline, and the hello worlds', in one
 * workerd under callgrind; an error (no valgrind, a wrong answer) is reported, not thrown: wrk's figures stand.
 */
async function countRoutes(
  root: string,
  dir: string,
  scripts: { readonly app: WorkerScript; readonly baseline: string; readonly hono: string; readonly floor?: string; readonly honoFloor?: string },
  compatibilityDate: string,
  routes: readonly Route[],
  captured: readonly Captured[],
  options: CountOptions,
): Promise<{
  routes?: RouteInstructions[];
  hello?: InstructionCount;
  honoHello?: InstructionCount;
  honoHelloConditional?: InstructionCount;
  notModifiedFloors?: { bare: InstructionCount; hono: InstructionCount };
  error?: string;
}> {
  if (!canCountInstructions()) return { error: 'valgrind is not installed (apt-get install valgrind)' };
  const requests: CountedRequest[] = routes.flatMap((route, i) => {
    const { etag, status } = captured[i]!;
    const headers = route.conditional ? { 'If-None-Match': etag } : {};
    return [{ worker: 'app', path: route.path, headers, status }, { worker: 'baseline', path: route.path, headers, status }];
  });
  requests.push({ worker: 'baseline', path: '/hello', status: 200 }, { worker: 'hono', path: '/hello', status: 200 });
  // The Hono hello world asked as the 304 is, If-None-Match and all, which it ignores.
  const conditional = routes.findIndex((route) => route.conditional);
  const asNotModified = conditional >= 0 ? { 'If-None-Match': captured[conditional]!.etag } : undefined;
  if (asNotModified) requests.push({ worker: 'hono', path: '/hello', headers: asNotModified, status: 200 });
  // The 304's floors, asked the same request at the same path; `floorsAt`: where their counts will be.
  let floorsAt: number | undefined;
  if (asNotModified && scripts.floor !== undefined && scripts.honoFloor !== undefined) {
    floorsAt = requests.length;
    const path = routes[conditional]!.path;
    requests.push({ worker: 'floor', path, headers: asNotModified, status: 304 }, { worker: 'honoFloor', path, headers: asNotModified, status: 304 });
  }
  try {
    const counts = await countInstructions(root, dir, scripts, compatibilityDate, requests, options);
    const hellos = counts.slice(2 * routes.length);
    const floorCounts = floorsAt === undefined ? undefined : counts.slice(floorsAt, floorsAt + 2);
    return {
      ...(floorCounts ? { notModifiedFloors: { bare: floorCounts[0]!, hono: floorCounts[1]! } } : {}),
      routes: routes.map((_, i) => {
        const app = counts[2 * i]!;
        const baseline = counts[2 * i + 1]!;
        return { app, baseline, ratio: baseline.perRequest / app.perRequest };
      }),
      hello: hellos[0]!,
      honoHello: hellos[1]!,
      ...(hellos[2] ? { honoHelloConditional: hellos[2] } : {}),
    };
  } catch (error) {
    return { error: String(error) };
  }
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
