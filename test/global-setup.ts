/**
 * Builds the fixture sites into content bundles before the suite runs, in Node, so the Workers-runtime tests can
 * import them as the Worker imports src/generated/site.js. Each site is also written in large-archive form: its
 * manifest, and its asset files as one module (path → text) that a test Fetcher serves.
 */

import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
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

export default async function setup(): Promise<void> {
  const sites = join(import.meta.dirname, 'fixtures/sites');
  const output = join(import.meta.dirname, 'fixtures/generated');
  await mkdir(output, { recursive: true });
  for (const name of await readdir(sites)) {
    const content = await readContent(join(sites, name), site, join(import.meta.dirname, '..'));
    const bundle = buildBundle(content.articles, site, FIXTURE_NOW);
    await writeGeneratedModule(bundle, join(output, name), '../../../src/site');

    const assets = join(await mkdtemp(join(tmpdir(), 'bulletin-assets-')), 'assets');
    await writeGeneratedModule((await writeArchive(bundle, assets, { chunkLength: 4096, routesPerShard: 8 })).manifest, join(output, `${name}-archive`), '../../../src/site');
    const files = await readTree(assets);
    await writeFile(join(output, `${name}-assets.js`), `export const files = ${JSON.stringify(files)};\n`);
    await writeFile(join(output, `${name}-assets.d.ts`), 'export declare const files: Readonly<Record<string, string>>;\n');
  }
}
