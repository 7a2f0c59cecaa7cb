/**
 * A large archive served by real workerd to readers who come at once. The Workers test pool runs a test's requests
 * in one request context; only separate requests into one isolate show what workerd does when a request awaits I/O
 * that another request began (see AssetsSource in src/http/content-source.ts). The crawl is the benchmark's
 * (bench/crowd.ts), which also runs it at 10k and 100k.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArticles, writeSeeds } from '../../../bench/corpus';
import { crawlArchive } from '../../../bench/crowd';
import { bundleWorker } from '../../../bench/serve';
import { readWranglerConfig } from '../../../bench/wrangler-config';
import { SiteBuilder } from '../../../src/site/builder';
import { recordingLog } from '../../support/build-log';
import { makeConfig } from '../../factories';

const ROOT = join(import.meta.dirname, '../../..');
/**
 * Articles in the archive: of the sizes tried, the smallest at which readers failed while an isolate shared reads
 * under way (none of 2,241 routes at 1k; 4 of 5,063 in every crawl at 3k, pages of archived feeds for browsers;
 * 16–45 of 15,040 at 10k).
 */
const ARTICLES = 3000;

let scratch: string;
let assets: string;
/** The Worker over that archive, bundled as the benchmark and production bundle it. */
let worker: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bulletin-concurrent-'));
  const seeds = join(scratch, 'seeds');
  await writeSeeds(generateArticles({ count: ARTICLES }), seeds);
  assets = join(scratch, 'assets');
  const paths = { root: ROOT, seeds, output: join(scratch, 'site'), assets, cache: 'off' };
  const log = recordingLog();
  expect(await new SiteBuilder(paths, makeConfig(), { storage: 'assets' }).build(log, new Date('2026-07-01T00:00:00Z')), log.lines.join('\n')).toBe(true);
  worker = (await bundleWorker(ROOT, paths.output, join(scratch, 'worker'), assets)).script;
}, 120_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a large archive served by workerd to readers who come at once', () => {
  it('answers every route of a cold isolate, though each index shard and chunk file is wanted by several readers at a time', async () => {
    const { compatibilityDate } = await readWranglerConfig(ROOT);
    const crowd = await crawlArchive(ROOT, scratch, { script: worker, content: assets }, compatibilityDate, 8);
    expect(crowd.routes).toBeGreaterThan(ARTICLES);
    expect(crowd.failures).toEqual([]);
  }, 120_000);
});
