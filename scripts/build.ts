/**
 * @module `npm run build`: reads seeds/, renders every page and feed, and writes the content bundle the Worker
 * imports (src/generated/site.js), or a large archive's files. On any error it lists every problem, exits 1 and
 * leaves the last good bundle. Under `npm start` (BULLETIN_DEV=1) it exits 0 instead, so wrangler dev keeps
 * serving the last good bundle while the publisher fixes the seed; and when `npm start` keeps a builder in memory
 * (BULLETIN_BUILD_SERVER), it asks that one to build rather than loading the build anew.
 */

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestBuild } from '../src/site/build-server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = { info: console.log, warn: console.warn, error: console.error };
const server = process.env['BULLETIN_BUILD_SERVER'];

async function buildHere(): Promise<boolean> {
  const [{ site }, { buildSettings, SiteBuilder }] = await Promise.all([import('../src/config'), import('../src/site/builder')]);
  const { paths, options } = buildSettings(root, process.env);
  return new SiteBuilder(paths, site, options).build(log);
}

const built = server ? await requestBuild(server, log) : await buildHere();
if (!built) process.exitCode = process.env['BULLETIN_DEV'] === '1' ? 0 : 1;
