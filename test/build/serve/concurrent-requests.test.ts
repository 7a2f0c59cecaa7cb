/**
 * A large archive served by real workerd to readers who come at once. The Workers test pool runs a test's requests
 * in one request context; only separate requests into one isolate show what workerd does when a request awaits I/O
 * that another request began (see AssetsSource in src/http/content-source.ts).
 */

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArticles, writeSeeds } from '../../../bench/corpus';
import { startWorkerd, type Workerd } from '../../../bench/workerd';
import { readWranglerConfig } from '../../../bench/wrangler-config';
import type { ArchivedDocument } from '../../../src/site/archive';
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
/** Readers at once, each asking for the next route when answered, as a crawler or a feed reader's refresh does. */
const READERS = 8;
const BROWSER = { Accept: 'text/html', 'Sec-Fetch-Dest': 'document' };

let scratch: string;
let workerd: Workerd | undefined;
/** Every route of the archive, with the document its index lists (a `#page` is a feed opened in a browser). */
let routes: [path: string, document: ArchivedDocument][];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bulletin-concurrent-'));
  const seeds = join(scratch, 'seeds');
  await writeSeeds(generateArticles({ count: ARTICLES }), seeds);
  const paths = { root: ROOT, seeds, output: join(scratch, 'site'), assets: join(scratch, 'assets'), cache: 'off' };
  const log = recordingLog();
  expect(await new SiteBuilder(paths, makeConfig(), { storage: 'assets' }).build(log, new Date('2026-07-01T00:00:00Z')), log.lines.join('\n')).toBe(true);

  const index = join(paths.assets, '_content/index/0');
  routes = [];
  for (const file of await readdir(index)) routes.push(...Object.entries(JSON.parse(await readFile(join(index, file), 'utf8')) as Record<string, ArchivedDocument>));
  routes.sort(([a], [b]) => (a < b ? -1 : 1));

  await build({
    stdin: {
      contents: `import { createApp } from ${JSON.stringify(join(ROOT, 'src/app'))};
import { bundle } from ${JSON.stringify(`${paths.output}.js`)};
export default createApp(bundle);`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker'],
    outfile: join(scratch, 'app.js'),
    logLevel: 'warning',
  });
  const { compatibilityDate } = await readWranglerConfig(ROOT);
  workerd = await startWorkerd(ROOT, scratch, { app: { script: join(scratch, 'app.js'), content: paths.assets } }, compatibilityDate);
}, 120_000);

afterAll(async () => {
  await workerd?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a large archive served by workerd to readers who come at once', () => {
  it('answers every route of a cold isolate, though each index shard and chunk file is wanted by several readers at a time', async () => {
    const base = `http://127.0.0.1:${workerd!.ports['app']}`;
    const failed: string[] = [];
    let next = 0;
    const reader = async () => {
      while (next < routes.length) {
        const [path, document] = routes[next++]!;
        const page = path.endsWith('#page');
        const response = await fetch(base + path.replace(/#page$/, ''), { headers: page ? BROWSER : {}, signal: AbortSignal.timeout(20_000) })
          .catch((error: Error) => error);
        if (response instanceof Error) {
          failed.push(`${path}: ${response.message}`);
          continue;
        }
        const body = await response.arrayBuffer();
        if (response.status !== 200 || response.headers.get('Content-Type') !== document.contentType || body.byteLength === 0) {
          failed.push(`${path}: ${response.status} ${response.headers.get('Content-Type')}, ${body.byteLength} bytes`);
        }
      }
    };
    await Promise.all(Array.from({ length: READERS }, reader));
    expect(routes.length).toBeGreaterThan(ARTICLES);
    expect(failed).toEqual([]);
  }, 120_000);
});
