/**
 * Builds the fixture sites into content bundles before the suite runs, in Node, so the Workers-runtime tests can
 * import them as the Worker imports src/generated/site.js. Each site is also written in large-archive form: its
 * manifest, and its asset files as one module (path → text) that a test Fetcher serves.
 */

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { site } from '../src/config';
import { readContent } from '../src/content/build';
import { buildBundle } from '../src/site/build-bundle';
import { writeGeneratedModule } from '../src/site/generated-module';
import { writeArchive } from '../src/site/write-archive';

/** Fixture bundles are built as if now were this instant, so scheduled articles stay scheduled. */
export const FIXTURE_NOW = new Date('2026-06-01T00:00:00Z');

async function readTree(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[`/${relative(root, path).split('\\').join('/')}`] = await readFile(path, 'utf8');
  }
  return files;
}

export default async function setup(): Promise<() => Promise<void>> {
  // Every temporary folder of the run, the tests' and their child processes', goes in one, removed at the end:
  // the suite makes a hundred or so, which no test removed.
  const temporary = await mkdtemp(join(tmpdir(), 'bulletin-tests-'));
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = temporary;
  const sites = join(import.meta.dirname, 'fixtures/sites');
  const output = join(import.meta.dirname, 'fixtures/generated');
  await mkdir(output, { recursive: true });
  for (const name of await readdir(sites)) {
    const content = await readContent(join(sites, name), site, join(import.meta.dirname, '..'));
    const bundle = buildBundle(content.articles, site, FIXTURE_NOW);
    await writeGeneratedModule(bundle, join(output, name), '../../../src/site');

    const options = { chunkLength: 4096, routesPerShard: 8 };
    const assets = join(await mkdtemp(join(tmpdir(), 'bulletin-assets-')), 'assets');
    await writeGeneratedModule((await writeArchive(bundle, assets, options)).manifest, join(output, `${name}-archive`), '../../../src/site');
    await writeAssetsModule(assets, join(output, `${name}-assets`));

    // The same site written over the archive of an earlier version of it, whose second article had another
    // title: most chunks kept, the changed texts in new ones, as a rebuild writes it.
    const edited = content.articles.map((article, i) => (i === 1 ? { ...article, title: `${article.title}, before an edit` } : article));
    const rebuilt = join(await mkdtemp(join(tmpdir(), 'bulletin-assets-')), 'assets');
    const previous = await writeArchive(buildBundle(edited, site, FIXTURE_NOW), rebuilt, options);
    const again = await writeArchive(bundle, rebuilt, { ...options, previous: previous.layout });
    await writeGeneratedModule(again.manifest, join(output, `${name}-rebuilt-archive`), '../../../src/site');
    await writeAssetsModule(rebuilt, join(output, `${name}-rebuilt-assets`), { written: again.written, texts: bundle.fragments.length });
  }
  return () => rm(temporary, { recursive: true, force: true });
}

/** The asset files under `assets` as one module, path → text, with `facts` beside them. */
async function writeAssetsModule(assets: string, path: string, facts: Record<string, number> = {}): Promise<void> {
  await writeFile(`${path}.js`, `export const files = ${JSON.stringify(await readTree(assets))};\nexport const facts = ${JSON.stringify(facts)};\n`);
  await writeFile(`${path}.d.ts`, 'export declare const files: Readonly<Record<string, string>>;\nexport declare const facts: Readonly<Record<string, number>>;\n');
}
