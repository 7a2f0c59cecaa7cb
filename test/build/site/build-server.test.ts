import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSocketPath, type Builder, removeBuildSocket, requestBuild, serveBuilds } from '../../../src/site/build-server';
import { buildSettings, SiteBuilder } from '../../../src/site/builder';
import { recordingLog } from '../../support/build-log';
import { makeConfig } from '../../factories';
import { makeSeeds } from '../../support/seeds-folder';
import { buildCommand, ROOT } from '../../support/build-command';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(builder: Builder): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'bulletin-socket-')), 'build.sock');
  servers.push(await serveBuilds(builder, path));
  return path;
}

describe('a builder kept in memory, asked over a socket', () => {
  it('answers a request with the build\'s lines, in order, and its outcome', async () => {
    const path = await serve({
      build: async (log) => {
        log.warn('seeds/a.md:3: a warning');
        log.info('bulletin: built 2 published');
        return true;
      },
    });
    const log = recordingLog();
    expect(await requestBuild(path, log)).toBe(true);
    expect(log.lines).toEqual(['warn seeds/a.md:3: a warning', 'info bulletin: built 2 published']);
  });

  it('says when the seeds did not build', async () => {
    const path = await serve({ build: async (log) => (log.error('seeds/b.md:2: "titel" is not a field'), false) });
    const log = recordingLog();
    expect(await requestBuild(path, log)).toBe(false);
    expect(log.lines).toEqual(['error seeds/b.md:2: "titel" is not a field']);
  });

  it('builds one at a time, and requests made during a build share the next one', async () => {
    let builds = 0;
    let release = () => {};
    const path = await serve({
      build: async (log) => {
        builds++;
        log.info(`build ${builds}`);
        if (builds === 1) await new Promise<void>((resolve) => (release = resolve));
        return true;
      },
    });
    const logs = [recordingLog(), recordingLog(), recordingLog()];
    const first = requestBuild(path, logs[0]!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const later = [requestBuild(path, logs[1]!), requestBuild(path, logs[2]!)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([first, ...later]);
    expect(builds).toBe(2);
    expect(logs.map((log) => log.lines)).toEqual([['info build 1'], ['info build 2'], ['info build 2']]);
  });

  it('reports a build that crashed, with its error, and goes on answering', async () => {
    let calls = 0;
    const path = await serve({
      build: async () => {
        if (++calls === 1) throw new Error('disk full');
        return true;
      },
    });
    await expect(requestBuild(path, recordingLog())).rejects.toThrow(/the build crashed:\nError: disk full/);
    await expect(requestBuild(path, recordingLog())).resolves.toBe(true);
  });

  it('says there is no builder when none listens', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'bulletin-socket-')), 'none.sock');
    await expect(requestBuild(path, recordingLog())).rejects.toThrow(`no builder answers at ${path}`);
  });

  it.skipIf(process.platform === 'win32')('makes its socket in a folder only this user may enter, and removes it after', async () => {
    const path = await buildSocketPath();
    expect(path).toContain(`bulletin-build-${process.pid}-`);
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    const server = await serveBuilds({ build: async () => true }, path);
    await expect(requestBuild(path, recordingLog())).resolves.toBe(true);
    await new Promise((resolve) => server.close(resolve));
    await removeBuildSocket(path);
    await expect(stat(dirname(path))).rejects.toThrow('ENOENT');
  });
});

describe('npm run build under npm start', () => {
  it('asks the builder npm start keeps, which builds the seeds as they are now', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': '---\ntitle: First\ndate: 2026-02-01\n---\nBody.\n' });
    const { paths } = buildSettings(ROOT, { BULLETIN_SEEDS: dir, BULLETIN_OUTPUT: join(root, 'site'), BULLETIN_ASSETS: join(root, 'assets'), BULLETIN_CACHE: join(root, 'build.cache') });
    const builder = new SiteBuilder(paths, makeConfig());
    const log = recordingLog();
    expect(await builder.build(log)).toBe(true);
    const path = await serve(builder);

    await writeFile(join(dir, 'b.md'), '---\ntitle: Second\ndate: 2026-03-01\n---\nBody.\n');
    const script = promisify(execFile)(...buildCommand(), {
      cwd: ROOT,
      encoding: 'utf8',
      // Paths the script would build to itself: the builder's must win.
      env: { ...process.env, BULLETIN_DEV: '1', BULLETIN_BUILD_SERVER: path, BULLETIN_OUTPUT: join(root, 'not-here') },
    });
    const { stdout } = await script;
    expect(stdout).toContain('bulletin: built 2 published');
    expect(await readFile(join(root, 'site.js'), 'utf8')).toContain('Second');

    await writeFile(join(dir, 'c.md'), '---\ntitel: Third\n---\nBody.\n');
    const failed = await promisify(execFile)(...buildCommand(), {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BULLETIN_DEV: '1', BULLETIN_BUILD_SERVER: path },
    });
    expect(failed.stderr).toContain('"titel" is not a field');
    expect(failed.stderr).toContain('the last good content is unchanged');
  }, 60_000);
});
