/**
 * @module `npm run bench [-- options]`: measurements, never tests. Builds synthetic corpora, times bulletin's
 * build against Hugo's, serves the bundled Worker under raw workerd and loads it with wrk beside constant
 * baselines (the app's bytes and headers, and bare), measures cold start and sizes, prints a table and writes bench/results/<date>T<hhmm>.json.
 *
 *   --only build,serve,size   parts to run (default: all)
 *   --sizes 1000,10000        corpus sizes in articles (default: 1000,10000)
 *   --storage bundle,assets   where the build keeps documents (BULLETIN_STORAGE): in the Worker script, or in
 *                             Workers Static Assets (the build's own choice from 250 articles); default both
 *   --hugo-max 10000          Hugo and the one-change rebuild (through the build cache) only up to this size
 *   --memory-limit-gib 20     stop a build whose processes hold more, and report how its memory grew
 *   --node-heap-mib N         the build's --max-old-space-size (default: Node's, ~4 GiB, as `npm run build` has)
 *   --duration 3              seconds per wrk run      --connections 32   wrk connections
 *   --rounds 3                rounds of app, baseline and bare per route, interleaved (medians reported)
 *   --cold-runs 3             cold starts per size (median reported)
 *   --instruction-requests 2000  requests per count of instructions under callgrind (valgrind), per route,
 *                             app and baseline, three counts each (the least reported); --no-instructions to skip
 *   --seed 1                  corpus PRNG seed         --keep             keep the scratch folder
 *   --no-save                 print only, write no JSON
 */

import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { changeOneSeed, compileBuildScript, measureBulletinBuild, measureHugoBuild, measureResidentRebuilds, type BuildMeasurement, type Storage } from './build';
import type { ResidentRebuilds } from './resident';
import { generateArticles, writeSeeds } from './corpus';
import { ASSET_LIMITS, archiveComposition, bundleComposition, type ArchiveComposition, type BundleComposition } from './size';
import { writeHugoSite } from './hugo';
import { writeRssReporter } from './processes';
import type { InstructionCount } from './instructions';
import { crawlArchive, type CrowdResult } from './crowd';
import { bundleWorker, measureServing, type ServeResult, type WorkerBundle } from './serve';
import { readWranglerConfig } from './wrangler-config';

const PARTS = ['build', 'serve', 'size'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: PARTS.join(',') },
    sizes: { type: 'string', default: '1000,10000' },
    storage: { type: 'string', default: 'bundle,assets' },
    'hugo-max': { type: 'string', default: '10000' },
    'memory-limit-gib': { type: 'string', default: '20' },
    'node-heap-mib': { type: 'string' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    'cold-runs': { type: 'string', default: '3' },
    'instruction-requests': { type: 'string', default: '2000' },
    'no-instructions': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    'no-save': { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const parts = new Set(values.only.split(',').map((p) => p.trim()).filter(Boolean));
for (const part of parts) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only takes ${PARTS.join(', ')} (got ${JSON.stringify(part)})`);
}
const wants = (part: Part) => parts.has(part);
const sizes = values.sizes.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes article counts such as 1000,10000 (got ${values.sizes})`);
const STORAGES: readonly Storage[] = ['bundle', 'assets'];
const storages = values.storage.split(',').map((s) => s.trim()).filter(Boolean) as Storage[];
for (const storage of storages) {
  if (!STORAGES.includes(storage)) throw new Error(`--storage takes ${STORAGES.join(', ')} (got ${JSON.stringify(storage)})`);
}
const hugoMax = Number(values['hugo-max']);
const memoryLimitBytes = Number(values['memory-limit-gib']) * 1024 ** 3;
const heapMiB = values['node-heap-mib'] === undefined ? undefined : Number(values['node-heap-mib']);
const load = {
  seconds: Number(values.duration),
  connections: Number(values.connections),
  coldRuns: Number(values['cold-runs']),
  rounds: Number(values.rounds),
  instructions: values['no-instructions'] ? (false as const) : { requests: Number(values['instruction-requests']) },
};
const seed = Number(values.seed);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { compatibilityDate } = await readWranglerConfig(root);

/** Readers at once in the crawl of every route (crowd.ts), as in the crawl that first found readers failing. */
const CROWD_READERS = 8;

/** The goals of the performance issue, checked against what was measured. */
const GOALS = {
  buildVsHugo: 0.3,
  peakBytes: 1024 ** 3,
  rebuildMs: 1000,
  routeVsBaseline: 0.9,
  coldStartMs: 50,
  gzipBytes: 1024 ** 2,
};

/** One corpus size built in one storage mode. Hugo is measured once per size and repeated in each mode's entry. */
interface SizeResult {
  readonly articles: number;
  readonly storage: Storage;
  readonly corpus: { readonly markdown: number; readonly text: number; readonly bytes: number };
  build?: BuildMeasurement;
  hugo?: BuildMeasurement | undefined;
  /** The median of `rebuilds`. */
  rebuild?: BuildMeasurement;
  /** `npm run build` in a new process after each of three one-seed edits, in order. */
  rebuilds?: BuildMeasurement[];
  /** The same kind of rebuild under `npm start`, by the builder it keeps in memory. */
  residentRebuild?: ResidentRebuilds | { readonly error: string };
  size?: {
    readonly generatedBytes: number;
    readonly generatedGzipBytes: number;
    /** Bundle mode: what the module is made of. */
    readonly composition?: BundleComposition;
    /** Assets mode: the files beside the script. */
    readonly assets?: ArchiveComposition;
    readonly worker?: Omit<WorkerBundle, 'script'>;
    readonly error?: string;
  };
  serve?: ServeResult | { readonly error: string };
  /** Assets mode: every route asked of one fresh isolate by readers who come at once (see crowd.ts). */
  crowd?: CrowdResult | { readonly error: string };
}

const mb = (bytes: number | undefined) =>
  bytes === undefined || !Number.isFinite(bytes) ? '-' : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sec = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(2)} s`);
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '?');
const mark = (ok: boolean | undefined) => (ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');

function tool(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return undefined;
  }
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

const scratch = await mkdtemp(join(tmpdir(), 'bulletin-bench-'));
const results: SizeResult[] = [];
const log = (message: string) => console.error(`bench: ${message}`);

const label = (r: SizeResult) => `${r.articles} ${r.storage}`;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The builder's and the script's median rebuild under npm start, for the build table. */
function residentCells(r: SizeResult): [string, string] {
  const resident = r.residentRebuild;
  if (resident === undefined) return ['-', '-'];
  if ('error' in resident) return ['failed', 'failed'];
  return [sec(median(resident.builderMs)), sec(median(resident.scriptMs))];
}

try {
  const rssReporter = await writeRssReporter(scratch);
  await compileBuildScript(root);
  for (const count of sizes) {
    const dir = join(scratch, String(count));
    const articles = generateArticles({ count, seed });
    const corpus = await writeSeeds(articles, join(dir, 'seeds'));
    const markdown = articles.filter((a) => a.format === 'md').length;
    log(`${count} articles: ${markdown} Markdown, ${count - markdown} scraped text, ${mb(corpus.bytes)} of seeds`);
    // Past ~30 ms an article something is wrong; below 20k articles the old 600 s stands.
    const timeoutMs = Math.max(600_000, count * 30);
    const full = wants('build') && count <= hugoMax;

    let hugo: BuildMeasurement | undefined;
    if (full) {
      await writeHugoSite(articles, join(dir, 'hugo'));
      log(`${count}: hugo build…`);
      hugo = await measureHugoBuild(join(dir, 'hugo'));
      await rm(join(dir, 'hugo'), { recursive: true, force: true });
    }

    for (const storage of storages) {
      const result: SizeResult = { articles: count, storage, corpus: { markdown, text: count - markdown, bytes: corpus.bytes }, ...(hugo ? { hugo } : {}) };
      results.push(result);
      // The build writes `<output>.js` and `<output>.d.ts`, and in assets mode the files under `assets`.
      const modeDir = join(dir, storage);
      const output = join(modeDir, 'site');
      const assets = join(modeDir, 'assets');
      // The first build starts without a cache and writes one; the rebuild after one change reads it.
      const cacheFile = join(modeDir, 'build.cache');
      await rm(cacheFile, { force: true });
      const buildOptions = { storage, assets, rssReporter, memoryLimitBytes, timeoutMs, cacheFile, ...(heapMiB === undefined ? {} : { heapMiB }) };
      log(`${label(result)}: bulletin build…`);
      result.build = await measureBulletinBuild(root, corpus.dir, output, buildOptions);
      log(`${label(result)}: bulletin build ${result.build.ok ? 'done' : `FAILED: ${result.build.error}`} in ${sec(result.build.wallMs)}, peak ${mb(result.build.peakRssBytes)}`);

      if (full && result.build.ok) {
        // Middle of the archive, Markdown: appending to a scraped-text seed would land after its footer.
        const changed = articles.slice(Math.floor(count / 2)).find((a) => a.format === 'md') ?? articles.find((a) => a.format === 'md');
        if (changed) {
          const undo = await changeOneSeed(corpus.dir, changed.file);
          log(`${label(result)}: three rebuilds, each after changing ${changed.file}…`);
          result.rebuilds = [await measureBulletinBuild(root, corpus.dir, output, buildOptions)];
          for (const edit of [2, 3]) {
            await changeOneSeed(corpus.dir, changed.file, edit);
            result.rebuilds.push(await measureBulletinBuild(root, corpus.dir, output, buildOptions));
          }
          result.rebuild = [...result.rebuilds].sort((a, b) => a.wallMs - b.wallMs)[1]!;
          await undo();
          log(`${label(result)}: rebuilds under npm start (builder in memory)…`);
          result.residentRebuild = await measureResidentRebuilds(root, corpus.dir, output, changed.file, buildOptions);
        }
      }

      if (!result.build.ok) {
        if (wants('size') || wants('serve')) result.size = { generatedBytes: NaN, generatedGzipBytes: NaN, error: `no bundle: the build failed (${result.build.error})` };
        if (wants('serve')) result.serve = { error: `the build failed (${result.build.error})` };
        continue;
      }
      if (!wants('size') && !wants('serve')) continue;

      const generated = await readFile(`${output}.js`);
      const generatedGzipBytes = gzipSync(generated).length;
      const shape = storage === 'bundle' ? { composition: await bundleComposition(`${output}.js`) } : { assets: await archiveComposition(assets) };
      let worker: WorkerBundle | undefined;
      try {
        log(`${label(result)}: wrangler deploy --dry-run…`);
        worker = await bundleWorker(root, output, join(modeDir, 'worker'), storage === 'assets' ? assets : undefined);
        result.size = { generatedBytes: generated.length, generatedGzipBytes, ...shape, worker: { rawBytes: worker.rawBytes, gzipBytes: worker.gzipBytes, bundleMs: worker.bundleMs } };
      } catch (error) {
        result.size = { generatedBytes: generated.length, generatedGzipBytes, ...shape, error: String(error) };
      }

      if (wants('serve')) {
        if (!worker) {
          result.serve = { error: result.size.error ?? 'no worker' };
          continue;
        }
        log(`${label(result)}: workerd cold starts and wrk (${load.rounds} rounds of ${load.seconds} s × ${load.connections} connections per Worker and route)…`);
        try {
          result.serve = await measureServing(root, join(modeDir, 'worker'), worker.script, compatibilityDate, {
            ...load,
            ...(storage === 'assets' ? { content: assets } : {}),
          });
        } catch (error) {
          result.serve = { error: String(error) };
          log(`${label(result)}: serve FAILED: ${String(error).split('\n')[0]}`);
        }
        if (storage === 'assets') {
          log(`${label(result)}: every route at once, ${CROWD_READERS} readers…`);
          try {
            result.crowd = await crawlArchive(root, join(modeDir, 'worker'), { script: worker.script, content: assets }, compatibilityDate, CROWD_READERS);
          } catch (error) {
            result.crowd = { error: String(error) };
          }
        }
      }
    }
    // A 100k corpus and its builds take gigabytes: each size's files go once it is measured.
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
} finally {
  if (values.keep) log(`scratch kept at ${scratch}`);
  else await rm(scratch, { recursive: true, force: true });
}

// ---- Report ----
const lines: string[] = [];
if (wants('build')) {
  lines.push('', 'BUILD (wall time, peak RSS of the process tree; Hugo once per size)');
  const rows = [['articles', 'storage', 'bulletin', 'peak', 'hugo', 'peak', 'bulletin/hugo', 'rebuild 1 change', 'npm start: builder', 'build command']];
  for (const r of results) {
    const b = r.build!;
    rows.push([
      String(r.articles), r.storage,
      b.ok ? sec(b.wallMs) : `FAILED after ${sec(b.wallMs)}`,
      mb(b.peakRssBytes),
      r.hugo ? sec(r.hugo.wallMs) : r.articles > hugoMax ? 'skipped' : 'no hugo',
      r.hugo ? mb(r.hugo.peakRssBytes) : '',
      b.ok && r.hugo?.ok ? `${fmt(b.wallMs / r.hugo.wallMs, 2)}×` : '-',
      r.rebuild ? sec(r.rebuild.wallMs) : '-',
      ...residentCells(r),
    ]);
  }
  lines.push(table(rows));
  lines.push('  rebuild 1 change: npm run build in a new process, from the build cache, median of three one-seed edits; npm start: the builder it keeps in memory, median of');
  lines.push('  three one-change rebuilds, and wrangler.toml\'s build command asking it (what wrangler dev waits for before reloading)');
  for (const r of results) if (r.residentRebuild && 'error' in r.residentRebuild) lines.push(`  ${label(r)} under npm start: ${r.residentRebuild.error}`);
  for (const r of results) if (!r.build!.ok) lines.push(`  ${label(r)}: ${r.build!.error}`);
  for (const r of results) {
    const growth = r.build!.memoryGrowth;
    if (growth && growth.length > 2) lines.push(`  ${label(r)} memory (s: MiB): ${growth.map(([t, m]) => `${t}: ${m}`).join(', ')}`);
  }
}
if (wants('size')) {
  lines.push('', 'SIZE (bundle: documents in the script; assets: a manifest in the script, documents in Static Assets)');
  const rows = [['articles', 'storage', 'seeds', 'generated site.js', 'gzip', 'worker script', 'gzip']];
  for (const r of results) {
    rows.push([String(r.articles), r.storage, mb(r.corpus.bytes), mb(r.size?.generatedBytes), mb(r.size?.generatedGzipBytes), mb(r.size?.worker?.rawBytes), mb(r.size?.worker?.gzipBytes)]);
  }
  lines.push(table(rows));
  for (const r of results) if (r.size?.error) lines.push(`  ${label(r)}: ${r.size.error.split('\n').slice(0, 3).join(' / ')}`);
  const archives = results.filter((r) => r.size?.assets);
  if (archives.length > 0) {
    lines.push('', `ASSETS (Static Assets: ${ASSET_LIMITS.freeFiles.toLocaleString('en')} files free, ${ASSET_LIMITS.paidFiles.toLocaleString('en')} paid, ${mb(ASSET_LIMITS.fileBytes)} a file)`);
    lines.push(table([
      ['articles', 'files', 'bytes', 'chunks', 'chunk bytes', 'shards', 'shard bytes', 'epochs', 'largest file'],
      ...archives.map((r) => {
        const a = r.size!.assets!;
        return [String(r.articles), String(a.files), mb(a.bytes), String(a.chunks.files), mb(a.chunks.bytes), String(a.shards.files), mb(a.shards.bytes), String(a.shards.epochs), `${mb(a.largestFile.bytes)} ${a.largestFile.path}`];
      }),
    ]));
  }
  for (const r of results) {
    const c = r.size?.composition;
    if (!c) continue;
    lines.push(
      `  ${label(r)}: module ${mb(c.moduleBytes)} = ${c.fragments} fragments ${mb(c.fragmentBytes)} + index ${mb(c.indexBytes)}; ` +
        `fragments shared between route kinds ${mb(c.sharedBytes)}, unreferenced ${mb(c.unreferencedBytes)}`,
    );
    lines.push(table([
      ['    route', 'docs', 'joined', 'own fragments', 'shared fragments'],
      ...c.kinds.slice(0, 10).map((k) => [`    ${k.kind}`, String(k.documents), mb(k.joinedBytes), mb(k.ownBytes), mb(k.sharedBytes)]),
    ]));
  }
}
if (wants('serve')) {
  for (const r of results) {
    const serve = r.serve;
    lines.push('', `SERVE ${r.articles} articles, ${r.storage} mode (workerd, wrk -t1 -c${load.connections} -d${load.seconds}s, ${load.rounds} interleaved rounds, medians; 127.0.0.1)`);
    if (!serve || 'error' in serve) {
      lines.push(`  not measured: ${serve?.error.split('\n')[0] ?? 'skipped'}`);
      continue;
    }
    const rows = [['route', 'status', 'bytes', 'headers', 'first ms', 'req/s', 'p50 ms', 'p99 ms', 'baseline req/s', 'p50', 'p99', 'ratio', 'rounds', 'bare req/s', '÷ bare']];
    for (const route of serve.routes) {
      rows.push([
        `${route.label} ${route.path}`.slice(0, 48), String(route.status), String(route.bytes), `${route.headers}${route.baselineMatches ? '' : ' (differs)'}`, fmt(route.firstRequestMs, 1),
        fmt(route.app.requestsPerSecond), fmt(route.app.p50Ms, 2), fmt(route.app.p99Ms, 2),
        fmt(route.baseline.requestsPerSecond), fmt(route.baseline.p50Ms, 2), fmt(route.baseline.p99Ms, 2), fmt(route.ratio, 2),
        route.roundRatios ? `${fmt(Math.min(...route.roundRatios), 2)}–${fmt(Math.max(...route.roundRatios), 2)}` : '',
        fmt(route.bare.requestsPerSecond), fmt(route.bareRatio, 2),
      ]);
    }
    rows.push(['hello world (baseline)', '200', '12', '', '', fmt(serve.hello.requestsPerSecond), fmt(serve.hello.p50Ms, 2), fmt(serve.hello.p99Ms, 2), '', '', '', '', '', '', '']);
    if (serve.honoHello) rows.push(['hello world, Hono app', '200', '12', '', '', fmt(serve.honoHello.requestsPerSecond), fmt(serve.honoHello.p50Ms, 2), fmt(serve.honoHello.p99Ms, 2), '', '', '', '', '', '', '']);
    lines.push(table(rows));
    lines.push('  baseline: the same bytes and the same headers as the app sent for that route and status, from constants; bare: Content-Type and ETag only (the baseline of earlier runs)');
    lines.push('  ratio: median of the rounds\' app ÷ baseline; rounds: the lowest and highest of them');
    lines.push('  first ms: the route\'s first request in a fresh isolate that has served only / and /subscribe (assets mode: its shard and chunks are fetched)');
    const counted = serve.routes.filter((route) => route.instructions !== undefined);
    if (counted.length > 0) {
      const kilo = (count: InstructionCount) => `${fmt(count.perRequest / 1000)}k (${count.repeats.map((n) => fmt(n / 1000)).join(', ')})`;
      lines.push(`  instructions per request (callgrind, all of workerd's threads; ${load.instructions === false ? '' : load.instructions.requests} requests per count, warmed up; least of 3 interleaved counts, then each):`);
      lines.push(table([
        ['    route', 'app', 'baseline', 'baseline ÷ app'],
        ...counted.map((route) => [`    ${route.label} ${route.path}`.slice(0, 52), kilo(route.instructions!.app), kilo(route.instructions!.baseline), fmt(route.instructions!.ratio, 2)]),
        ...(serve.helloInstructions ? [['    hello world', kilo(serve.helloInstructions), '', '']] : []),
        ...(serve.honoHelloInstructions ? [['    hello world, Hono app', kilo(serve.honoHelloInstructions), '', '']] : []),
        ...(serve.honoHelloConditionalInstructions ? [['    the same, asked as the 304 (If-None-Match)', kilo(serve.honoHelloConditionalInstructions), '', '']] : []),
        ...(serve.notModifiedFloorInstructions ? [
          ['    the 304 made once, no framework', kilo(serve.notModifiedFloorInstructions.bare), '', ''],
          ['    the 304 made once, in a Hono app', kilo(serve.notModifiedFloorInstructions.hono), '', ''],
        ] : []),
      ]));
    } else if (serve.instructionsError) {
      lines.push(`  instructions not counted: ${serve.instructionsError.split('\n')[0]}`);
    }
    const c = serve.coldStart;
    const h = serve.helloColdStart;
    lines.push(`  cold start (median of ${serve.coldStarts.length}): spawn→listening ${fmt(c.listenMs)} ms, first request ${fmt(c.firstRequestMs, 1)} ms, total ${fmt(c.totalMs)} ms`);
    lines.push(`  hello-world cold start (workerd floor): listening ${fmt(h.listenMs)} ms, first request ${fmt(h.firstRequestMs, 1)} ms, total ${fmt(h.totalMs)} ms`);
    if (serve.isolateColdStartMs !== undefined) {
      lines.push(`  cold start without workerd's own start (first request + listening beyond hello-world's, median of pairs): ${fmt(serve.isolateColdStartMs, 1)} ms`);
    }
    if (serve.footprints) {
      lines.push('  what a first request reads (assets mode):');
      lines.push(table([
        ['    path', 'shard', 'chunks', 'chunk bytes', 'own text (bytes)', 'read ÷ text'],
        ...serve.footprints.map((f) => [`    ${f.path}`.slice(0, 52), mb(f.shardBytes), String(f.chunks), mb(f.chunkBytes), mb(f.textBytes), `${fmt(f.chunkBytes / Math.max(1, f.textBytes), 0)}×`]),
      ]));
    }
    const crowd = r.crowd;
    if (crowd && 'error' in crowd) lines.push(`  every route at once: not run: ${crowd.error.split('\n')[0]}`);
    else if (crowd) {
      lines.push(`  every route at once (a fresh isolate, ${crowd.readers} readers, each route once): ${crowd.routes} routes in ${fmt(crowd.ms / 1000, 1)} s, ${crowd.failures.length} not answered as the index lists them`);
      for (const failure of crowd.failures.slice(0, 10)) lines.push(`    ${failure}`);
    }
  }
}

const servedRoutes = (r: SizeResult | undefined) => (r?.serve && !('error' in r.serve) ? r.serve : undefined);
const goals: { goal: string; measured: string; met: boolean | undefined }[] = [];
if (wants('build')) {
  // The build goals are set at 10k articles (or the largest size measured), in each storage mode.
  const target = sizes.includes(10_000) ? 10_000 : Math.max(...sizes);
  for (const r of results.filter((x) => x.articles === target)) {
    const b = r.build!;
    goals.push({
      goal: `build ${label(r)} ≤ ${GOALS.buildVsHugo} × Hugo`,
      measured: b.ok && r.hugo?.ok ? `${fmt(b.wallMs / r.hugo.wallMs, 2)}×` : b.ok ? 'no hugo' : `build failed (${b.error})`,
      met: b.ok ? (r.hugo?.ok ? b.wallMs / r.hugo.wallMs <= GOALS.buildVsHugo : undefined) : false,
    });
    goals.push({ goal: `build ${label(r)} peak ≤ 1 GiB`, measured: mb(b.peakRssBytes), met: b.peakRssBytes === undefined ? undefined : b.ok && b.peakRssBytes <= GOALS.peakBytes });
    goals.push({
      goal: `rebuild ${label(r)} after 1 change ≤ 1 s (npm run build)`,
      measured: r.rebuild ? sec(r.rebuild.wallMs) : b.ok ? 'not measured' : 'build failed',
      met: r.rebuild ? r.rebuild.ok && r.rebuild.wallMs <= GOALS.rebuildMs : b.ok ? undefined : false,
    });
    const resident = r.residentRebuild && !('error' in r.residentRebuild) ? median(r.residentRebuild.builderMs) : undefined;
    goals.push({
      goal: `rebuild ${label(r)} after 1 change ≤ 1 s (npm start's builder)`,
      measured: resident === undefined ? (r.residentRebuild && 'error' in r.residentRebuild ? r.residentRebuild.error : 'not measured') : sec(resident),
      met: resident === undefined ? (r.residentRebuild ? false : undefined) : resident <= GOALS.rebuildMs,
    });
  }
}
for (const r of results) {
  const serve = servedRoutes(r);
  if (!wants('serve')) break;
  if (!serve) {
    goals.push({ goal: `serve ${label(r)}: every route ≥ 0.9 × baseline (same headers)`, measured: 'not measured (build, bundle or workerd failed)', met: false });
    continue;
  }
  const worst = serve.routes.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const worstBare = serve.routes.reduce((a, b) => (b.bareRatio < a.bareRatio ? b : a));
  goals.push({
    goal: `serve ${label(r)}: every route ≥ 0.9 × baseline (same headers)`,
    measured: `worst ${worst.label} ${fmt(worst.ratio, 2)}× (÷ bare: worst ${worstBare.label} ${fmt(worstBare.bareRatio, 2)}×)`,
    met: serve.routes.every((x) => x.ratio >= GOALS.routeVsBaseline),
  });
  const notModified = serve.routes.find((x) => x.status === 304);
  // The issue's hello world is a Hono app; the bare Worker's rate is printed beside it as workerd's floor.
  const helloWorld = serve.honoHello ?? serve.hello;
  if (notModified) goals.push({
    goal: `serve ${label(r)}: 304 ≤ hello-world${serve.honoHello ? ' (Hono app)' : ''} cost`,
    measured: `${fmt(notModified.app.requestsPerSecond)} vs ${fmt(helloWorld.requestsPerSecond)} req/s (bare Worker ${fmt(serve.hello.requestsPerSecond)})`,
    met: helloWorld.requestsPerSecond > 0 ? notModified.app.requestsPerSecond >= helloWorld.requestsPerSecond * GOALS.routeVsBaseline : undefined,
  });
  // The same two goals by work done rather than by rate: the count repeats where this machine's rates do not.
  const counted = serve.routes.filter((x) => x.instructions !== undefined);
  if (counted.length > 0) {
    const worstCount = counted.reduce((a, b) => (b.instructions!.ratio < a.instructions!.ratio ? b : a));
    goals.push({
      goal: `serve ${label(r)}: every route ≥ 0.9 × baseline, by instructions per request`,
      measured: `worst ${worstCount.label} ${fmt(worstCount.instructions!.ratio, 2)}× (${fmt(worstCount.instructions!.app.perRequest / 1000)}k vs ${fmt(worstCount.instructions!.baseline.perRequest / 1000)}k)`,
      met: counted.every((x) => x.instructions!.ratio >= GOALS.routeVsBaseline),
    });
    const countedNotModified = counted.find((x) => x.status === 304);
    const honoCount = serve.honoHelloInstructions;
    // What no Worker, and no Hono app, can answer the same 304 for less than (see serve.ts's notModifiedFloor).
    const floors = serve.notModifiedFloorInstructions;
    const floorNote = floors ? ` (its floors, one 304 made once: ${fmt(floors.bare.perRequest / 1000)}k with no framework, ${fmt(floors.hono.perRequest / 1000)}k in a Hono app)` : '';
    if (countedNotModified && honoCount) goals.push({
      goal: `serve ${label(r)}: 304 ≤ hello-world (Hono app), by instructions per request`,
      measured: `${fmt(countedNotModified.instructions!.app.perRequest / 1000)}k vs ${fmt(honoCount.perRequest / 1000)}k${floorNote}`,
      met: countedNotModified.instructions!.app.perRequest <= honoCount.perRequest,
    });
    // The same with the hello world sent the 304's request: what the two answers cost, the request's reading aside.
    const sameRequest = serve.honoHelloConditionalInstructions;
    if (countedNotModified && sameRequest) goals.push({
      goal: `serve ${label(r)}: 304 ≤ hello-world (Hono app) asked the same request, by instructions per request`,
      measured: `${fmt(countedNotModified.instructions!.app.perRequest / 1000)}k vs ${fmt(sameRequest.perRequest / 1000)}k`,
      met: countedNotModified.instructions!.app.perRequest <= sameRequest.perRequest,
    });
  }
  // Without workerd's own process start, which a Worker platform does not pay per isolate (see serve.ts).
  const coldMs = serve.isolateColdStartMs ?? serve.coldStart.totalMs;
  goals.push({ goal: `cold start ${label(r)} (first request, isolate and script included) ≤ 50 ms`, measured: `${fmt(coldMs, 1)} ms`, met: coldMs <= GOALS.coldStartMs });
  // Not a goal of the issue's: what readers expect of every route, checked where the benchmark has them all at once.
  const crowd = r.crowd;
  if (crowd) goals.push({
    goal: `serve ${label(r)}: every route answered, ${CROWD_READERS} readers at once`,
    measured: 'error' in crowd ? `not run: ${crowd.error.split('\n')[0]}` : `${crowd.failures.length} of ${crowd.routes} not`,
    met: 'error' in crowd ? false : crowd.failures.length === 0,
  });
}
if (wants('size') || wants('serve')) {
  for (const r of results) {
    const gz = r.size?.worker?.gzipBytes;
    goals.push({ goal: `worker ${label(r)} ≤ 1 MiB gzip`, measured: gz === undefined ? 'no bundle' : mb(gz), met: gz === undefined ? false : gz <= GOALS.gzipBytes });
    const a = r.size?.assets;
    if (a) {
      goals.push({ goal: `assets ${label(r)} ≤ ${ASSET_LIMITS.freeFiles} files (free plan)`, measured: String(a.files), met: a.files <= ASSET_LIMITS.freeFiles });
      goals.push({ goal: `assets ${label(r)}: every file ≤ 25 MiB`, measured: `largest ${mb(a.largestFile.bytes)}`, met: a.largestFile.bytes <= ASSET_LIMITS.fileBytes });
    }
  }
}
lines.push('', 'GOALS', table([['goal', 'measured', ''], ...goals.map((g) => [g.goal, g.measured, mark(g.met)])]));
console.log(lines.join('\n'));

if (!values['no-save']) {
  // One file a run: several runs a day each keep their figures.
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
  const file = join(root, 'bench', 'results', `${stamp}.json`);
  await mkdir(dirname(file), { recursive: true });
  const environment = {
    date: new Date().toISOString(),
    commit: tool('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    dirty: (tool('git', ['-C', root, 'status', '--porcelain', '--', 'src', 'scripts']) ?? '') !== '',
    node: process.version,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memoryBytes: totalmem(),
    hugo: tool('hugo', ['version']),
    workerd: tool(join(root, 'node_modules/.bin/workerd'), ['--version']),
    wrk: tool('wrk', ['--version']),
  };
  await writeFile(file, `${JSON.stringify({ environment, options: { parts: [...parts], sizes, storages, hugoMax, heapMiB, seed, ...load }, results, goals }, null, 2)}\n`);
  log(`results written to ${file}`);
}
