/**
 * @module `npm start [-- --port N]`: the site and its feeds on http://localhost:8787, offline, from seeds/.
 * It builds the content, keeps the builder in memory and runs wrangler dev, which runs scripts/build.ts again
 * whenever a file in seeds/ changes (wrangler.toml [build]) and reloads the Worker when it ends; that script asks
 * this process's builder, so a rebuild neither loads the build's code nor reads every seed's reading again.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { site } from '../src/config';
import { buildSocketPath, removeBuildSocket, serveBuilds } from '../src/site/build-server';
import { buildSettings, SiteBuilder } from '../src/site/builder';

/** How often this process checks that whatever started it is still there (see the end of this file). */
const ORPHAN_CHECK_MS = 500;
const parent = process.ppid;

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' } }, allowPositionals: false });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`bulletin: --port must be a port number (got ${JSON.stringify(values.port)})`);
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { paths, options } = buildSettings(root, process.env);
const builder = new SiteBuilder(paths, site, options);
// A bad seed stops the start with the list of problems; later, while serving, it only keeps the last good build.
if (!(await builder.build({ info: console.log, warn: console.warn, error: console.error }))) process.exit(1);
const socket = await buildSocketPath();
const server = await serveBuilds(builder, socket);

const base = `http://localhost:${port}`;
console.log(
  [
    `bulletin: serving seeds/ at ${base}/`,
    `  feeds: ${base}/rss.xml  ${base}/atom.xml  ${base}/feed.json  (all listed at ${base}/subscribe)`,
    '  edits in seeds/ rebuild the site; a seed with errors keeps the last good build and lists the problems.',
  ].join('\n'),
);

/**
 * wrangler's CLI, run the way its own `bin` script runs it, but as this process's child: behind npx or that script,
 * a signal sent to npm start alone (a process manager's SIGTERM) reached only the wrapper, which does not pass it
 * on, and wrangler dev went on serving the port after npm start had ended.
 */
function wranglerCli(): string {
  const cli = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'wrangler-dist/cli.js');
  if (!existsSync(cli)) throw new Error(`bulletin: wrangler's CLI is not at ${cli}; has wrangler's layout changed? (see scripts/start.ts)`);
  return cli;
}

const wrangler = spawn(process.execPath, ['--no-warnings', '--experimental-vm-modules', wranglerCli(), 'dev', '--port', String(port), '--ip', 'localhost'], {
  stdio: 'inherit',
  env: { ...process.env, BULLETIN_DEV: '1', BULLETIN_BUILD_SERVER: socket },
});
wrangler.on('exit', (code, signal) => {
  server.close(() => void removeBuildSocket(socket).finally(() => process.exit(code ?? (signal ? 1 : 0))));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => wrangler.kill(signal));

/**
 * A SIGTERM to npm itself (`kill <npm's pid>`, a tool that started `npm start`) reaches only the shell npm runs the
 * script in, which ends without passing it on: this process is left to its init. It then stops as if sent SIGTERM.
 */
const orphanCheck = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanCheck);
  wrangler.kill('SIGTERM');
}, ORPHAN_CHECK_MS);
orphanCheck.unref();
