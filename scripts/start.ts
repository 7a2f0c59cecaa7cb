/**
 * @module `npm start [-- --port N]`: the site and its feeds on http://localhost:8787, offline, from seeds/.
 * wrangler runs the content build first and again whenever a file in seeds/ changes (wrangler.toml [build]).
 */

import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' } }, allowPositionals: false });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`bulletin: --port must be a port number (got ${JSON.stringify(values.port)})`);
  process.exit(2);
}

// A bad seed stops the start with the list of problems; later, while serving, it only keeps the last good build.
const build = spawnSync('npx', ['tsx', 'scripts/build.ts'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const base = `http://localhost:${port}`;
console.log(
  [
    `bulletin: serving seeds/ at ${base}/`,
    `  feeds: ${base}/rss.xml  ${base}/atom.xml  ${base}/feed.json  (all listed at ${base}/subscribe)`,
    '  edits in seeds/ rebuild the site; a seed with errors keeps the last good build and lists the problems.',
  ].join('\n'),
);

const wrangler = spawn('npx', ['wrangler', 'dev', '--port', String(port), '--ip', 'localhost'], {
  stdio: 'inherit',
  env: { ...process.env, BULLETIN_DEV: '1' },
});
wrangler.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => wrangler.kill(signal));
