/** @module Build benchmarks: bulletin's content build and Hugo's on the same articles, as child processes. */

import { appendFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './processes';

export interface BuildMeasurement {
  readonly ok: boolean;
  readonly wallMs: number;
  readonly peakRssBytes: number | undefined;
  /** Why it failed: the error line of its output. */
  readonly error?: string;
  readonly outputBytes?: number;
  /** What the build said it made, e.g. "built 1000 published … into 2054 documents". */
  readonly summary?: string;
}

/** The line that names the error, not the stack under it. */
function errorLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^\w*Error\b|bulletin: the build failed/.test(line)) ?? lines.at(-1) ?? 'failed';
}

/**
 * Runs `scripts/build.ts` as `npm run build` does (through tsx) on `seeds`, writing `output` (the module path
 * without its extension: the build writes `<output>.js` and `<output>.d.ts`).
 * `rssReporter` (see processes.ts) is only needed where GNU time is missing.
 */
export async function measureBulletinBuild(root: string, seeds: string, output: string, rssReporter?: string): Promise<BuildMeasurement> {
  const rssFile = `${output}.rss`;
  const result = await run(process.execPath, ['--import', 'tsx', ...(rssReporter ? ['--import', rssReporter] : []), 'scripts/build.ts'], {
    cwd: root,
    env: { BULLETIN_SEEDS: seeds, BULLETIN_OUTPUT: output, BULLETIN_BENCH_RSS: rssFile },
    nodeRssFile: rssFile,
    timeoutMs: 600_000,
  });
  const base = { ok: result.ok, wallMs: result.wallMs, peakRssBytes: result.peakRssBytes };
  if (!result.ok) return { ...base, error: result.timedOut ? 'timed out after 600 s' : errorLine(result.stderr || result.stdout) };
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

/** An editor's small change to one seed: a paragraph added at the end. */
export async function changeOneSeed(seeds: string, file: string): Promise<void> {
  await appendFile(join(seeds, file), '\nA correction was added to this article after it was published.\n');
}
