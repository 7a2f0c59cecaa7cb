/** @module Build benchmarks: bulletin's content build and Hugo's on the same articles, as child processes. */

import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './processes';
import type { ResidentRebuilds } from './resident';

export interface BuildMeasurement {
  readonly ok: boolean;
  readonly wallMs: number;
  readonly peakRssBytes: number | undefined;
  /** Why it failed: the error line of its output. */
  readonly error?: string;
  readonly outputBytes?: number;
  /** What the build said it made, e.g. "built 1000 published … into 2054 documents". */
  readonly summary?: string;
  /** Resident memory of the build's process group every ~10 s, [s, MiB]: how it grows with a large corpus. */
  readonly memoryGrowth?: readonly (readonly [number, number])[];
}

export type Storage = 'bundle' | 'assets';

export interface BuildOptions {
  /** `BULLETIN_STORAGE`: where the documents go (the build's own choice depends on the article count). */
  readonly storage: Storage;
  /** `BULLETIN_ASSETS`: never the repository's dist/assets, which a bundle-mode build empties. */
  readonly assets: string;
  /** GNU time is missing: a `node --import` module that reports maxRSS (see processes.ts). */
  readonly rssReporter?: string;
  /** Stop the build when its processes hold more than this. */
  readonly memoryLimitBytes?: number;
  readonly timeoutMs?: number;
  /** `--max-old-space-size` for the build's Node, in MiB; undefined: Node's default (~4 GiB here), as `npm run build` runs. */
  readonly heapMiB?: number;
  /** `BULLETIN_CACHE`: the build cache file, which the first build of a corpus must not find. */
  readonly cacheFile: string;
}

/** Every ~10 s of the 250 ms samples, in seconds and MiB. */
function thin(samples: readonly (readonly [number, number])[]): [number, number][] {
  const kept: [number, number][] = [];
  for (const [ms, bytes] of samples) {
    if (kept.length === 0 || ms / 1000 - kept.at(-1)![0] >= 10) kept.push([Math.round(ms / 1000), Math.round(bytes / 1024 / 1024)]);
  }
  const last = samples.at(-1);
  if (last && kept.at(-1)![0] !== Math.round(last[0] / 1000)) kept.push([Math.round(last[0] / 1000), Math.round(last[1] / 1024 / 1024)]);
  return kept;
}

/** The line that names the error, not the stack under it. */
function errorLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^FATAL ERROR|^\w*Error\b|bulletin: the build failed/.test(line)) ?? lines.at(-1) ?? 'failed';
}

/** `npm run build`'s launcher and entry (see scripts/compiled.mjs): the build runs compiled, without tsx. */
const [LAUNCHER, ENTRY] = ['scripts/compiled.mjs', 'scripts/build.ts'];

/**
 * Compiles the build script ahead of the measured builds, as the first `npm run build` after an edit of the code
 * does (~0.5 s): no measured build pays for it.
 */
export async function compileBuildScript(root: string): Promise<void> {
  const result = await run(process.execPath, [LAUNCHER, '--compile', ENTRY], { cwd: root, timeoutMs: 120_000 });
  if (!result.ok) throw new Error(`could not compile the build script: ${errorLine(result.stderr || result.stdout)}`);
}

/**
 * Runs `scripts/build.ts` as `npm run build` does (compiled, see compileBuildScript) on `seeds`, writing `output`
 * (the module path without its extension: the build writes `<output>.js` and `<output>.d.ts`) and, in assets mode,
 * `options.assets`.
 */
export async function measureBulletinBuild(root: string, seeds: string, output: string, options: BuildOptions): Promise<BuildMeasurement> {
  const rssFile = `${output}.rss`;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const result = await run(process.execPath, [...(options.heapMiB === undefined ? [] : [`--max-old-space-size=${options.heapMiB}`]), ...(options.rssReporter ? ['--import', options.rssReporter] : []), LAUNCHER, ENTRY], {
    cwd: root,
    env: { BULLETIN_SEEDS: seeds, BULLETIN_OUTPUT: output, BULLETIN_ASSETS: options.assets, BULLETIN_STORAGE: options.storage, BULLETIN_CACHE: options.cacheFile, BULLETIN_BENCH_RSS: rssFile },
    nodeRssFile: rssFile,
    timeoutMs,
    ...(options.memoryLimitBytes === undefined ? {} : { memoryLimitBytes: options.memoryLimitBytes }),
  });
  const growth = result.memorySamples && result.memorySamples.length > 0 ? { memoryGrowth: thin(result.memorySamples) } : {};
  const base = { ok: result.ok, wallMs: result.wallMs, peakRssBytes: result.peakRssBytes, ...growth };
  if (result.overMemory) return { ...base, error: `stopped: its processes passed ${(options.memoryLimitBytes! / 1024 ** 3).toFixed(0)} GiB after ${(result.wallMs / 1000).toFixed(0)} s` };
  if (!result.ok) return { ...base, error: result.timedOut ? `timed out after ${timeoutMs / 1000} s` : errorLine(result.stderr || result.stdout) };
  const summary = /built .*/.exec(result.stdout)?.[0];
  return { ...base, outputBytes: (await stat(`${output}.js`)).size, ...(summary ? { summary } : {}) };
}

/** `hugo` on the site bench/hugo.ts wrote; undefined when Hugo is not installed. */
export async function measureHugoBuild(site: string): Promise<BuildMeasurement | undefined> {
  const version = await run('hugo', ['version']).catch(() => undefined);
  if (!version?.ok) return undefined;
  const result = await run('hugo', ['--quiet', '--source', site, '--destination', join(site, 'public'), '--cleanDestinationDir'], { timeoutMs: 600_000 });
  return {
    ok: result.ok,
    wallMs: result.wallMs,
    peakRssBytes: result.peakRssBytes,
    ...(result.ok ? {} : { error: errorLine(result.stderr || result.stdout) }),
  };
}

/**
 * An editor's small change to one seed: a paragraph added at the end (the `edit`th correction). Returns the undo of
 * this edit, so the next storage mode builds the same corpus.
 */
export async function changeOneSeed(seeds: string, file: string, edit = 1): Promise<() => Promise<void>> {
  const path = join(seeds, file);
  const original = await readFile(path);
  await appendFile(path, `\nCorrection ${edit} was added to this article after it was published.\n`);
  return () => writeFile(path, original);
}

/**
 * The rebuild under `npm start` (bench/resident.ts in a child process): a builder kept in memory, after `edits`
 * one-seed changes to `changed`, timed in the builder and as the build command (wrangler.toml) that asks it.
 */
export async function measureResidentRebuilds(root: string, seeds: string, output: string, changed: string, options: BuildOptions, edits = 3): Promise<ResidentRebuilds | { readonly error: string }> {
  const result = await run(process.execPath, ['--import', 'tsx', 'bench/resident.ts'], {
    cwd: root,
    env: {
      BULLETIN_SEEDS: seeds, BULLETIN_OUTPUT: output, BULLETIN_ASSETS: options.assets, BULLETIN_STORAGE: options.storage, BULLETIN_CACHE: options.cacheFile,
      BENCH_CHANGED: changed, BENCH_EDITS: String(edits),
    },
    timeoutMs: options.timeoutMs ?? 600_000,
  });
  if (!result.ok) return { error: result.timedOut ? 'timed out' : errorLine(result.stderr || result.stdout) };
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as ResidentRebuilds;
}
