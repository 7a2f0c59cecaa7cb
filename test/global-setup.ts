/**
 * Builds the fixture sites into content bundles before the suite runs, in Node, so the Workers-runtime tests can
 * import them as the Worker imports src/generated/site.js. Each site is also written in large-archive form: its
 * manifest, and its asset files as one module (path → text) that a test Fetcher serves.
 */

import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { site } from '../src/config';
import { readContent } from '../src/content/build';
import type { ArchiveManifest } from '../src/site/archive';
import { buildBundle } from '../src/site/build-bundle';
import { type BuildLog, type BuildPaths, SiteBuilder } from '../src/site/builder';
import { writeGeneratedModule } from '../src/site/generated-module';
import { writeArchive } from '../src/site/write-archive';
import { PATCHED_SEED, PATCHED_TEXT } from './support/patched-fixture';

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
  await writePatchedFixture(join(sites, 'many'), output);
  return () => rm(temporary, { recursive: true, force: true });
}

/**
 * The `many` site as `npm run build` leaves it after a one-seed edit in large-archive mode: built by the builder,
 * one seed edited in place, built again (a patch build: only the documents that show it made again, the index
 * shards that hold them renamed over the old ones); beside it the edited seeds built whole without a cache.
 */
async function writePatchedFixture(fixture: string, output: string): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bulletin-patched-'));
  const seeds = join(root, 'seeds');
  await cp(fixture, seeds, { recursive: true });
  const paths = (name: string, cache: string): BuildPaths => ({ root: join(import.meta.dirname, '..'), seeds, output: join(root, name), assets: join(root, `${name}-assets`), cache });
  const lines: string[] = [];
  const log: BuildLog = { info: (line) => lines.push(line), warn: () => {}, error: (line) => lines.push(line) };
  const build = async (name: string, cache: string) => {
    if (!(await new SiteBuilder(paths(name, cache), site, { storage: 'assets' }).build(log, FIXTURE_NOW))) throw new Error(lines.join('\n'));
    return lines.at(-1) ?? '';
  };
  await build('patched', join(root, 'build.cache'));
  await appendFile(join(seeds, PATCHED_SEED), `\n${PATCHED_TEXT}\n`);
  const summary = await build('patched', join(root, 'build.cache'));
  if (!summary.includes('(patched: ')) throw new Error(`the patched fixture's second build was not a patch: ${summary}`);
  await build('whole', 'off');
  for (const name of ['patched', 'whole']) {
    const { bundle } = (await import(pathToFileURL(join(root, `${name}.js`)).href)) as { bundle: ArchiveManifest };
    await writeGeneratedModule(bundle, join(output, `many-${name}-archive`), '../../../src/site');
    await writeAssetsModule(join(root, `${name}-assets`), join(output, `many-${name}-assets`));
  }
}

/** The asset files under `assets` as one module, path → text, with `facts` beside them. */
async function writeAssetsModule(assets: string, path: string, facts: Record<string, number> = {}): Promise<void> {
  await writeFile(`${path}.js`, `export const files = ${JSON.stringify(await readTree(assets))};\nexport const facts = ${JSON.stringify(facts)};\n`);
  await writeFile(`${path}.d.ts`, 'export declare const files: Readonly<Record<string, string>>;\nexport declare const facts: Readonly<Record<string, number>>;\n');
}
