/**
 * @module `npm run build`: reads seeds/, renders every page and feed, and writes the content bundle the Worker
 * imports (src/generated/site.js). On any error it lists every problem, exits 1 and leaves the last good bundle.
 * Under `npm start` (BULLETIN_DEV=1) it exits 0 instead, so wrangler dev keeps serving the last good bundle
 * while the publisher fixes the seed.
 */

import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { site } from '../src/config';
import { readContent } from '../src/content/build';
import { BuildCache, buildFingerprint, CacheEntryLost, contentHash } from '../src/content/build-cache';
import { ContentError, formatProblem } from '../src/content/problems';
import { buildBundle } from '../src/site/build-bundle';
import { writeGeneratedModule } from '../src/site/generated-module';
import { type ArchiveLayout, writeArchive } from '../src/site/write-archive';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seeds = process.env['BULLETIN_SEEDS'] ?? join(root, 'seeds');
// The module without its extension: the build writes `<output>.js` and `<output>.d.ts`.
const output = process.env['BULLETIN_OUTPUT'] ?? join(root, 'src/generated/site');
// Where large archives keep their documents: wrangler.toml's [assets] directory.
const assets = process.env['BULLETIN_ASSETS'] ?? join(root, 'dist/assets');
// What the last build made of each seed, by content hash, one file per seeds folder; `off` builds everything anew.
const cacheFile = process.env['BULLETIN_CACHE'] ?? join(root, `node_modules/.cache/bulletin/${contentHash(seeds).slice(0, 16)}.cache`);

/** Builds the site from the seeds, returning what it built in a line; throws ContentError on bad seeds. */
async function build(cache: BuildCache): Promise<string> {
  const content = await readContent(seeds, site, root, cache);
  for (const warning of content.warnings) console.warn(formatProblem(warning));
  const now = new Date();
  const bundle = buildBundle(content.articles, site, now, cache);
  await mkdir(dirname(output), { recursive: true });
  const published = content.articles.filter((article) => article.published <= now.toISOString()).length;
  const storage = process.env['BULLETIN_STORAGE'] ?? (published >= site.largeArchiveFrom ? 'assets' : 'bundle');
  if (storage !== 'assets' && storage !== 'bundle') throw new Error(`BULLETIN_STORAGE must be "bundle" or "assets" (got ${JSON.stringify(storage)})`);
  let written = '';
  if (storage === 'assets') {
    // Where the last build put each text in the assets directory: only new texts are written.
    const layoutKey = `archive-layout:${resolve(assets)}`;
    const previous = cache.get(layoutKey) as ArchiveLayout | undefined;
    const archive = await writeArchive(bundle, assets, previous ? { previous } : {});
    cache.replace(layoutKey, archive.layout);
    await writeGeneratedModule(archive.manifest, output);
    written = ` (${archive.written} of ${bundle.fragments.length} texts written)`;
  } else {
    // The assets directory must exist for wrangler; a small site leaves it empty.
    await rm(assets, { recursive: true, force: true });
    await mkdir(assets, { recursive: true });
    await writeGeneratedModule(bundle, output);
  }
  const scheduled = content.articles.length - published;
  return `built ${published} published, ${scheduled} scheduled, ${content.drafts} draft article(s) into ` +
    `${bundle.documents.length} documents` + (storage === 'assets' ? ` in ${assets}${written}` : '');
}

const openCache = async () => (cacheFile === 'off' ? BuildCache.none() : BuildCache.open(cacheFile, await buildFingerprint(root, site)));
let cache = await openCache();
if (cache.dropped) console.log(`bulletin: building everything again: the build cache was dropped because ${cache.dropped}`);
try {
  let built: string;
  try {
    built = await build(cache);
  } catch (error) {
    if (!(error instanceof CacheEntryLost)) throw error;
    // Its bytes changed on disk after a build wrote them: trust none of the file.
    console.log(`bulletin: building everything again: ${error.message}`);
    await Promise.all([rm(cacheFile, { force: true }), rm(`${cacheFile}.index`, { force: true })]);
    cache = await openCache();
    built = await build(cache);
  }
  const { hits, misses } = cache.stats;
  const reused = cacheFile === 'off' ? '' : ` (${hits} of ${hits + misses} seed readings and renders from the build cache)`;
  console.log(`bulletin: ${built}${reused}`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(`bulletin: the build failed; the last good content is unchanged.\n${error.message}`);
  process.exitCode = process.env['BULLETIN_DEV'] === '1' ? 0 : 1;
}
// After the site is written and its documents freed; also after bad seeds, whose good neighbours need no new reading.
await cache.save();
