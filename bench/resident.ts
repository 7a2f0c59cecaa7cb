/**
 * @module The rebuild `npm start` does after an edit, run in a child process of the bench: a builder kept in
 * memory (src/site/builder.ts) builds the corpus once from the warm build cache, as `npm start` does on starting;
 * then, `edits` times, one seed changes and wrangler.toml's build command asks the builder over its socket, as
 * wrangler dev has it do.
 * Prints one JSON line: each rebuild's time in the builder and the command's whole time (Node and the socket
 * included), and the process's peak resident memory.
 *
 * Input as environment variables: the build's own (BULLETIN_SEEDS, BULLETIN_OUTPUT, BULLETIN_ASSETS,
 * BULLETIN_STORAGE, BULLETIN_CACHE), and BENCH_CHANGED (the seed file to edit) and BENCH_EDITS.
 */

import { spawn } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { site } from '../src/config';
import { buildSocketPath, removeBuildSocket, serveBuilds } from '../src/site/build-server';
import { type BuildLog, buildSettings, SiteBuilder } from '../src/site/builder';
import { readWranglerConfig } from './wrangler-config';

export interface ResidentRebuilds {
  /** `SiteBuilder.build` after each edit. */
  readonly builderMs: readonly number[];
  /** wrangler.toml's build command asking the builder after each edit: what wrangler dev waits for. */
  readonly scriptMs: readonly number[];
  readonly peakRssBytes: number;
  readonly summary?: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { paths, options } = buildSettings(root, process.env);
const changed = join(paths.seeds, process.env['BENCH_CHANGED'] ?? '');
const edits = Number(process.env['BENCH_EDITS'] ?? '3');

let summary: string | undefined;
const fail = (line: string) => {
  throw new Error(line);
};
const log: BuildLog = { info: (line) => (summary = /built .*/.exec(line)?.[0] ?? summary), warn: () => {}, error: fail };

// What wrangler dev runs, through a shell as it does.
const command = (await readWranglerConfig(root)).buildCommand;
if (command === undefined) throw new Error('wrangler.toml has no [build] command');
const runBuildCommand = (socket: string) =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, { shell: true, cwd: root, stdio: 'ignore', env: { ...process.env, BULLETIN_DEV: '1', BULLETIN_BUILD_SERVER: socket } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} exited with ${code}`))));
  });

const original = await readFile(changed);
const builder = new SiteBuilder(paths, site, options);
const builderMs: number[] = [];
const scriptMs: number[] = [];
try {
  await builder.build(log);
  for (let i = 0; i < edits; i++) {
    await appendFile(changed, `\nCorrection ${i + 1} was added to this article after it was published.\n`);
    const started = performance.now();
    await builder.build(log);
    builderMs.push(performance.now() - started);
  }
  const socket = await buildSocketPath();
  const server = await serveBuilds(builder, socket);
  for (let i = 0; i < edits; i++) {
    await appendFile(changed, `\nAnother correction ${i + 1}.\n`);
    scriptMs.push(await runBuildCommand(socket));
  }
  await new Promise((resolve) => server.close(resolve));
  await removeBuildSocket(socket);
} finally {
  await writeFile(changed, original);
}
const result: ResidentRebuilds = { builderMs, scriptMs, peakRssBytes: process.resourceUsage().maxRSS * 1024, ...(summary ? { summary } : {}) };
console.log(JSON.stringify(result));
