/**
 * Builds the fixture sites into content bundles before the suite runs, in Node, so the Workers-runtime tests can
 * import them as the Worker imports src/generated/site.js.
 */

import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { site } from '../src/config';
import { readContent } from '../src/content/build';
import { buildBundle } from '../src/site/build-bundle';
import { writeGeneratedModule } from '../src/site/generated-module';

/** Fixture bundles are built as if now were this instant, so scheduled articles stay scheduled. */
export const FIXTURE_NOW = new Date('2026-06-01T00:00:00Z');

export default async function setup(): Promise<void> {
  const sites = join(import.meta.dirname, 'fixtures/sites');
  const output = join(import.meta.dirname, 'fixtures/generated');
  await mkdir(output, { recursive: true });
  for (const name of await readdir(sites)) {
    const content = await readContent(join(sites, name), site, join(import.meta.dirname, '..'));
    await writeGeneratedModule(buildBundle(content.articles, site, FIXTURE_NOW), join(output, name), '../../../src/site/bundle');
  }
}
