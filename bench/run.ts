/**
 * @module `npm run bench [-- options]`: measurements, never tests. Builds synthetic corpora, times bulletin's
 * build against Hugo's, serves the bundled Worker under raw workerd and loads it with wrk beside a constant
 * baseline, measures cold start and sizes, prints a table and writes bench/results/<date>T<hhmm>.json.
 *
 *   --only build,serve,size   parts to run (default: all)
 *   --sizes 1000,10000        corpus sizes in articles (default: 1000,10000)
 *   --duration 5              seconds per wrk run      --connections 32   wrk connections
 *   --cold-runs 3             cold starts per size (median reported)
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
import { changeOneSeed, measureBulletinBuild, measureHugoBuild, type BuildMeasurement } from './build';
import { generateArticles, writeSeeds } from './corpus';
import { bundleComposition, type BundleComposition } from './size';
import { writeHugoSite } from './hugo';
import { writeRssReporter } from './processes';
import { bundleWorker, measureServing, type ServeResult, type WorkerBundle } from './serve';

const PARTS = ['build', 'serve', 'size'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: PARTS.join(',') },
    sizes: { type: 'string', default: '1000,10000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    'cold-runs': { type: 'string', default: '3' },
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
const load = { seconds: Number(values.duration), connections: Number(values.connections), coldRuns: Number(values['cold-runs']) };
const seed = Number(values.seed);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(await readFile(join(root, 'wrangler.toml'), 'utf8'))?.[1] ?? '2026-04-20';

/** The goals of the performance issue, checked against what was measured. */
const GOALS = {
  buildVsHugo: 0.3,
  peakBytes: 1024 ** 3,
  rebuildMs: 1000,
  routeVsBaseline: 0.9,
  coldStartMs: 50,
  gzipBytes: 1024 ** 2,
};

interface SizeResult {
  readonly articles: number;
  readonly corpus: { readonly markdown: number; readonly text: number; readonly bytes: number };
  build?: BuildMeasurement;
  hugo?: BuildMeasurement | undefined;
  rebuild?: BuildMeasurement;
  size?: { readonly generatedBytes: number; readonly generatedGzipBytes: number; readonly composition?: BundleComposition; readonly worker?: Omit<WorkerBundle, 'script'>; readonly error?: string };
  serve?: ServeResult | { readonly error: string };
}

const mb = (bytes: number | undefined) => (bytes === undefined || !Number.isFinite(bytes) ? '-' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
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

try {
  const rssReporter = await writeRssReporter(scratch);
  for (const count of sizes) {
    const dir = join(scratch, String(count));
    const articles = generateArticles({ count, seed });
    const corpus = await writeSeeds(articles, join(dir, 'seeds'));
    const markdown = articles.filter((a) => a.format === 'md').length;
    const result: SizeResult = { articles: count, corpus: { markdown, text: count - markdown, bytes: corpus.bytes } };
    results.push(result);
    log(`${count} articles: ${markdown} Markdown, ${count - markdown} scraped text, ${mb(corpus.bytes)} of seeds`);

    // The build writes `<output>.js` and `<output>.d.ts`.
    const output = join(dir, 'site');
    log(`${count}: bulletin build…`);
    result.build = await measureBulletinBuild(root, corpus.dir, output, rssReporter);
    log(`${count}: bulletin build ${result.build.ok ? 'done' : `FAILED: ${result.build.error}`} in ${sec(result.build.wallMs)}`);

    if (wants('build')) {
      await writeHugoSite(articles, join(dir, 'hugo'));
      log(`${count}: hugo build…`);
      result.hugo = await measureHugoBuild(join(dir, 'hugo'));
      if (result.build.ok) {
        // Middle of the archive, Markdown: appending to a scraped-text seed would land after its footer.
        const changed = articles.slice(Math.floor(count / 2)).find((a) => a.format === 'md') ?? articles.find((a) => a.format === 'md');
        if (changed) {
          await changeOneSeed(corpus.dir, changed.file);
          log(`${count}: rebuild after changing ${changed.file}…`);
          result.rebuild = await measureBulletinBuild(root, corpus.dir, output, rssReporter);
        }
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
    const composition = await bundleComposition(`${output}.js`);
    let worker: WorkerBundle | undefined;
    try {
      log(`${count}: wrangler deploy --dry-run…`);
      worker = await bundleWorker(root, output, join(dir, 'worker'));
      result.size = { generatedBytes: generated.length, generatedGzipBytes, composition, worker: { rawBytes: worker.rawBytes, gzipBytes: worker.gzipBytes, bundleMs: worker.bundleMs } };
    } catch (error) {
      result.size = { generatedBytes: generated.length, generatedGzipBytes, composition, error: String(error) };
    }

    if (wants('serve')) {
      if (!worker) {
        result.serve = { error: result.size.error ?? 'no worker' };
        continue;
      }
      log(`${count}: workerd cold starts and wrk (${load.seconds} s × ${load.connections} connections per run)…`);
      try {
        result.serve = await measureServing(root, join(dir, 'worker'), worker.script, compatibilityDate, load);
      } catch (error) {
        result.serve = { error: String(error) };
      }
    }
  }
} finally {
  if (values.keep) log(`scratch kept at ${scratch}`);
  else await rm(scratch, { recursive: true, force: true });
}

// ---- Report ----
const lines: string[] = [];
if (wants('build')) {
  lines.push('', 'BUILD (wall time, peak RSS of the process tree)');
  const rows = [['articles', 'bulletin', 'peak', 'hugo', 'peak', 'bulletin/hugo', 'rebuild 1 change']];
  for (const r of results) {
    const b = r.build!;
    rows.push([
      String(r.articles),
      b.ok ? sec(b.wallMs) : `FAILED after ${sec(b.wallMs)}`,
      mb(b.peakRssBytes),
      r.hugo ? sec(r.hugo.wallMs) : 'no hugo',
      r.hugo ? mb(r.hugo.peakRssBytes) : '',
      b.ok && r.hugo?.ok ? `${fmt(b.wallMs / r.hugo.wallMs, 2)}×` : '-',
      r.rebuild ? sec(r.rebuild.wallMs) : '-',
    ]);
  }
  lines.push(table(rows));
  for (const r of results) if (!r.build!.ok) lines.push(`  ${r.articles}: ${r.build!.error}`);
}
if (wants('size')) {
  lines.push('', 'SIZE');
  const rows = [['articles', 'seeds', 'generated site.js', 'gzip', 'worker script', 'gzip']];
  for (const r of results) {
    rows.push([String(r.articles), mb(r.corpus.bytes), mb(r.size?.generatedBytes), mb(r.size?.generatedGzipBytes), mb(r.size?.worker?.rawBytes), mb(r.size?.worker?.gzipBytes)]);
  }
  lines.push(table(rows));
  for (const r of results) if (r.size?.error) lines.push(`  ${r.articles}: ${r.size.error.split('\n')[0]}`);
  for (const r of results) {
    const c = r.size?.composition;
    if (!c) continue;
    lines.push(
      `  ${r.articles}: module ${mb(c.moduleBytes)} = ${c.fragments} fragments ${mb(c.fragmentBytes)} + index ${mb(c.indexBytes)}; ` +
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
    lines.push('', `SERVE ${r.articles} articles (workerd, wrk -t1 -c${load.connections} -d${load.seconds}s, 127.0.0.1)`);
    if (!serve || 'error' in serve) {
      lines.push(`  not measured: ${serve?.error.split('\n')[0] ?? 'skipped'}`);
      continue;
    }
    const rows = [['route', 'status', 'bytes', 'req/s', 'p50 ms', 'p99 ms', 'baseline req/s', 'p50', 'p99', 'ratio']];
    for (const route of serve.routes) {
      rows.push([
        `${route.label} ${route.path}`.slice(0, 48), String(route.status), String(route.bytes),
        fmt(route.app.requestsPerSecond), fmt(route.app.p50Ms, 2), fmt(route.app.p99Ms, 2),
        fmt(route.baseline.requestsPerSecond), fmt(route.baseline.p50Ms, 2), fmt(route.baseline.p99Ms, 2), fmt(route.ratio, 2),
      ]);
    }
    rows.push(['hello world (baseline)', '200', '12', fmt(serve.hello.requestsPerSecond), fmt(serve.hello.p50Ms, 2), fmt(serve.hello.p99Ms, 2), '', '', '', '']);
    lines.push(table(rows));
    const c = serve.coldStart;
    const h = serve.helloColdStart;
    lines.push(`  cold start (median of ${serve.coldStarts.length}): spawn→listening ${fmt(c.listenMs)} ms, first request ${fmt(c.firstRequestMs, 1)} ms, total ${fmt(c.totalMs)} ms`);
    lines.push(`  hello-world cold start (workerd floor): listening ${fmt(h.listenMs)} ms, first request ${fmt(h.firstRequestMs, 1)} ms, total ${fmt(h.totalMs)} ms`);
  }
}

const largest = results.at(-1);
const at10k = results.find((r) => r.articles === 10_000) ?? largest;
const servedRoutes = (r: SizeResult | undefined) => (r?.serve && !('error' in r.serve) ? r.serve : undefined);
const goals: { goal: string; measured: string; met: boolean | undefined }[] = [];
if (at10k && wants('build')) {
  const b = at10k.build!;
  goals.push({
    goal: `build ${at10k.articles} ≤ ${GOALS.buildVsHugo} × Hugo`,
    measured: b.ok && at10k.hugo?.ok ? `${fmt(b.wallMs / at10k.hugo.wallMs, 2)}×` : b.ok ? 'no hugo' : `build failed (${b.error})`,
    met: b.ok ? (at10k.hugo?.ok ? b.wallMs / at10k.hugo.wallMs <= GOALS.buildVsHugo : undefined) : false,
  });
  goals.push({ goal: `build ${at10k.articles} peak ≤ 1 GiB`, measured: mb(b.peakRssBytes), met: b.peakRssBytes === undefined ? undefined : b.ok && b.peakRssBytes <= GOALS.peakBytes });
  goals.push({ goal: `rebuild after 1 change ≤ 1 s`, measured: at10k.rebuild ? sec(at10k.rebuild.wallMs) : 'build failed', met: at10k.rebuild ? at10k.rebuild.ok && at10k.rebuild.wallMs <= GOALS.rebuildMs : false });
}
for (const r of results) {
  const serve = servedRoutes(r);
  if (!wants('serve')) break;
  if (!serve) {
    goals.push({ goal: `serve ${r.articles}: every route ≥ 0.9 × baseline`, measured: 'not measured (build or bundle failed)', met: false });
    continue;
  }
  const worst = serve.routes.filter((x) => !x.path.includes('304')).reduce((a, b) => (b.ratio < a.ratio ? b : a));
  goals.push({ goal: `serve ${r.articles}: every route ≥ 0.9 × baseline`, measured: `worst ${worst.label} ${fmt(worst.ratio, 2)}×`, met: serve.routes.every((x) => x.ratio >= GOALS.routeVsBaseline) });
  const notModified = serve.routes.find((x) => x.status === 304);
  if (notModified) goals.push({ goal: `serve ${r.articles}: 304 ≤ hello-world cost`, measured: `${fmt(notModified.app.requestsPerSecond)} vs ${fmt(serve.hello.requestsPerSecond)} req/s`, met: serve.hello.requestsPerSecond > 0 ? notModified.app.requestsPerSecond >= serve.hello.requestsPerSecond * GOALS.routeVsBaseline : undefined });
  goals.push({ goal: `cold start ${r.articles} ≤ 50 ms`, measured: `${fmt(serve.coldStart.totalMs)} ms`, met: serve.coldStart.totalMs <= GOALS.coldStartMs });
}
if (wants('size') || wants('serve')) {
  for (const r of results) {
    const gz = r.size?.worker?.gzipBytes;
    goals.push({ goal: `worker ${r.articles} ≤ 1 MiB gzip`, measured: gz === undefined ? 'no bundle' : mb(gz), met: gz === undefined ? false : gz <= GOALS.gzipBytes });
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
  await writeFile(file, `${JSON.stringify({ environment, options: { parts: [...parts], sizes, seed, ...load }, results, goals }, null, 2)}\n`);
  log(`results written to ${file}`);
}
