/**
 * @module A builder kept in memory, asked to build over a local socket. Under `npm start`, wrangler dev runs
 * scripts/build.ts after every edit in seeds/ and reloads the Worker when it ends; the script then only asks the
 * builder `npm start` keeps, which has the code loaded and the last build's readings in memory.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BuildLog } from './builder';

/** What the server needs of a builder (see SiteBuilder). */
export interface Builder {
  build(log: BuildLog): Promise<boolean>;
}

type Stream = keyof BuildLog;

/** One line of the server's answer: a log line, then the outcome. */
type Message = { readonly stream: Stream; readonly text: string } | { readonly built: boolean } | { readonly failed: string };

/**
 * A socket path of this process's own: a named pipe on Windows; elsewhere a Unix socket in a new folder only this
 * user may enter (mkdtemp makes it 0700), so no other local user can connect, in the temporary folder because a
 * socket path is limited to ~107 bytes and a project's path may be longer.
 */
export async function buildSocketPath(): Promise<string> {
  const name = `bulletin-build-${process.pid}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`;
  return join(await mkdtemp(join(tmpdir(), `${name}-`)), 'build.sock');
}

/** Removes what `buildSocketPath` made, once the server on it is closed. */
export async function removeBuildSocket(path: string): Promise<void> {
  if (process.platform !== 'win32') await rm(dirname(path), { recursive: true, force: true });
}

/**
 * Listens on `path` and answers each connection with one build. Builds run one at a time; requests that arrive
 * while a build runs share the next one, which starts when it ends and so sees every edit made before it.
 */
export async function serveBuilds(builder: Builder, path: string): Promise<Server> {
  let running: Promise<unknown> = Promise.resolve();
  let next: Promise<Message[]> | undefined;
  const nextBuild = (): Promise<Message[]> => {
    if (next === undefined) {
      const build = running.then(async () => {
        next = undefined;
        const messages: Message[] = [];
        const record = (stream: Stream) => (text: string) => void messages.push({ stream, text });
        try {
          const built = await builder.build({ info: record('info'), warn: record('warn'), error: record('error') });
          messages.push({ built });
        } catch (error) {
          messages.push({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        }
        return messages;
      });
      next = build;
      running = build;
    }
    return next;
  };

  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    void nextBuild().then((messages) => socket.end(messages.map((message) => `${JSON.stringify(message)}\n`).join('')));
  });
  if (process.platform !== 'win32') await rm(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return server;
}

/**
 * Asks the builder listening on `path` to build, writes its messages to `log`, and returns whether the seeds
 * built. Throws when there is no builder there or its build crashed.
 */
export async function requestBuild(path: string, log: BuildLog): Promise<boolean> {
  const answer = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = createConnection(path);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (error) => reject(new Error(`bulletin: no builder answers at ${path} (${error.message}); is npm start still running?`)));
  });
  for (const line of answer.split('\n').filter(Boolean)) {
    const message = JSON.parse(line) as Message;
    if ('stream' in message) log[message.stream](message.text);
    else if ('built' in message) return message.built;
    else throw new Error(`bulletin: the build crashed:\n${message.failed}`);
  }
  throw new Error(`bulletin: the builder at ${path} ended without an answer`);
}
