/**
 * @module `npm run build`: reads seeds/, renders every page and feed, and writes the content bundle the Worker
 * imports (src/generated/site.js). On any error it lists every problem, exits 1 and leaves the last good bundle.
 * Under `npm start` (BULLETIN_DEV=1) it exits 0 instead, so wrangler dev keeps serving the last good bundle
 * while the publisher fixes the seed.
 */

import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { site } from '../src/config';
import { readContent } from '../src/content/build';
import { ContentError, formatProblem } from '../src/content/problems';
import { buildBundle } from '../src/site/build-bundle';
import { writeGeneratedModule } from '../src/site/generated-module';
import { writeArchive } from '../src/site/write-archive';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seeds = process.env['BULLETIN_SEEDS'] ?? join(root, 'seeds');
// The module without its extension: the build writes `<output>.js` and `<output>.d.ts`.
const output = process.env['BULLETIN_OUTPUT'] ?? join(root, 'src/generated/site');
// Where large archives keep their documents: wrangler.toml's [assets] directory.
const assets = process.env['BULLETIN_ASSETS'] ?? join(root, 'dist/assets');

try {
  const content = await readContent(seeds, site, root);
  for (const warning of content.warnings) console.warn(formatProblem(warning));
  const now = new Date();
  const bundle = buildBundle(content.articles, site, now);
  await mkdir(dirname(output), { recursive: true });
  const published = content.articles.filter((article) => article.published <= now.toISOString()).length;
  const storage = process.env['BULLETIN_STORAGE'] ?? (published >= site.largeArchiveFrom ? 'assets' : 'bundle');
  if (storage !== 'assets' && storage !== 'bundle') throw new Error(`BULLETIN_STORAGE must be "bundle" or "assets" (got ${JSON.stringify(storage)})`);
  if (storage === 'assets') {
    await writeGeneratedModule(await writeArchive(bundle, assets), output);
  } else {
    // The assets directory must exist for wrangler; a small site leaves it empty.
    await rm(assets, { recursive: true, force: true });
    await mkdir(assets, { recursive: true });
    await writeGeneratedModule(bundle, output);
  }
  const scheduled = content.articles.filter((article) => article.published > now.toISOString()).length;
  console.log(
    `bulletin: built ${content.articles.length - scheduled} published, ${scheduled} scheduled, ${content.drafts} draft ` +
      `article(s) into ${bundle.documents.length} documents` + (storage === 'assets' ? ` in ${assets}` : ''),
  );
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(`bulletin: the build failed; the last good content is unchanged.\n${error.message}`);
  process.exitCode = process.env['BULLETIN_DEV'] === '1' ? 0 : 1;
}
