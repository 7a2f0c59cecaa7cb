import { spawnSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../support/archive';
import { readWranglerConfig } from '../../../bench/wrangler-config';
import { BUILD_SCRIPT, buildCommand, ROOT } from '../../support/build-command';


/** Runs `npm run build`'s script on a seeds folder, writing the bundle to `output`; without a build cache unless `env` names one. */
function build(seeds: string, output: string, env: Record<string, string> = {}) {
  const [program, args] = buildCommand();
  return spawnSync(program, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BULLETIN_SEEDS: seeds, BULLETIN_OUTPUT: output, BULLETIN_CACHE: 'off', ...env },
  });
}

async function makeSeeds(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'bulletin-build-'));
  await cp(join(ROOT, 'seeds/000_3b7bd609114b647d.txt'), join(dir, '000_3b7bd609114b647d.txt'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('npm run build', () => {
  it('is what wrangler runs before it bundles the Worker', async () => {
    expect((await readWranglerConfig(ROOT)).buildCommand).toBe(BUILD_SCRIPT);
  });

  it('writes the bundle and says what it built', async () => {
    const seeds = await makeSeeds({});
    const output = join(seeds, 'site');
    const result = build(seeds, output);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('bulletin: built 1 published, 0 scheduled, 0 draft article(s)');
    expect(await readFile(`${output}.js`, 'utf8')).toContain('export const bundle = { fragments');
    expect(await readFile(`${output}.d.ts`, 'utf8')).toContain('export declare const bundle: SiteBundle;');
  }, 60_000);

  it('builds again from its cache with the same bytes, and without one when BULLETIN_CACHE is off', async () => {
    const seeds = await makeSeeds({ 'b.md': '---\ntitle: Second\ndate: 2026-02-01\n---\nBody.\n' });
    const cache = `${seeds}.cache`;
    const cold = build(seeds, join(seeds, 'cold'), { BULLETIN_CACHE: cache });
    const warm = build(seeds, join(seeds, 'warm'), { BULLETIN_CACHE: cache });
    const off = build(seeds, join(seeds, 'off'), { BULLETIN_CACHE: 'off' });
    expect([cold.status, warm.status, off.status]).toEqual([0, 0, 0]);
    const reused = /\((\d+) of (\d+) seed readings and renders from the build cache\)/;
    expect(cold.stdout).toMatch(reused);
    expect(cold.stdout.match(reused)?.[1]).toBe('0');
    const [, hits, all] = warm.stdout.match(reused) ?? [];
    expect(hits).toBe(all);
    expect(Number(hits)).toBeGreaterThan(0);
    expect(off.stdout).not.toContain('build cache');
    const bundle = (name: string) => readFile(join(seeds, `${name}.js`), 'utf8');
    expect(await bundle('warm')).toBe(await bundle('cold'));
    expect(await bundle('off')).toBe(await bundle('cold'));
  }, 60_000);

  it('patches a large archive after an edit: it makes and writes only what shows the edited article, and serves what a build from nothing serves', async () => {
    const seeds = await makeSeeds({ 'b.md': '---\ntitle: Second\ndate: 2026-02-01\n---\nBody.\n', 'c.md': '---\ntitle: Third\ndate: 2026-03-01\n---\nBody.\n' });
    const env = { BULLETIN_CACHE: `${seeds}.cache`, BULLETIN_STORAGE: 'assets', BULLETIN_ASSETS: join(seeds, 'assets') };
    expect(build(seeds, join(seeds, 'cold'), env).status).toBe(0);
    await appendFile(join(seeds, 'c.md'), 'A correction.\n');
    const warm = build(seeds, join(seeds, 'warm'), env);
    const fresh = build(seeds, join(seeds, 'fresh'), { ...env, BULLETIN_CACHE: 'off', BULLETIN_ASSETS: join(seeds, 'fresh-assets') });
    expect([warm.status, fresh.status]).toEqual([0, 0]);
    const [, made, written] = /\(patched: (\d+) made again, (\d+) texts written\)/.exec(warm.stdout) ?? [];
    const [, documents, all] = /into (\d+) documents .*\((\d+) of \2 texts written\)/.exec(fresh.stdout) ?? [];
    expect(Number(written)).toBeGreaterThan(0);
    expect(Number(written)).toBeLessThan(Number(all) / 2);
    expect(Number(made)).toBeLessThan(Number(documents));
    expect(warm.stdout).toContain(`into ${documents} documents`);
    const served = await readArchive(join(seeds, 'assets'));
    expect(served.get('/articles/third')).toContain('A correction.');
    expect(served).toEqual(await readArchive(join(seeds, 'fresh-assets')));
  }, 60_000);

  it('builds everything again, with the same bytes, when a cache entry does not read back', async () => {
    const seeds = await makeSeeds({});
    const cache = `${seeds}.cache`;
    expect(build(seeds, join(seeds, 'cold'), { BULLETIN_CACHE: cache }).status).toBe(0);
    const bytes = await readFile(cache);
    const page = bytes.indexOf('<!DOCTYPE html>');
    bytes[page + 2] = 'd'.charCodeAt(0);
    await writeFile(cache, bytes);
    const again = build(seeds, join(seeds, 'again'), { BULLETIN_CACHE: cache });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/building everything again: the build cache entry \S+ could not be read back/);
    expect(await readFile(join(seeds, 'again.js'), 'utf8')).toBe(await readFile(join(seeds, 'cold.js'), 'utf8'));
    const third = build(seeds, join(seeds, 'third'), { BULLETIN_CACHE: cache });
    expect(third.stdout).not.toContain('building everything again');
  }, 60_000);

  it('fails with every problem listed and leaves the last good bundle untouched', async () => {
    const seeds = await makeSeeds({});
    const output = join(seeds, 'site');
    expect(build(seeds, output).status).toBe(0);
    const good = await readFile(`${output}.js`, 'utf8');

    await writeFile(join(seeds, 'bad.md'), '---\ntitel: x\ntags: 5\n---\nBody.\n');
    await writeFile(join(seeds, 'worse.txt'), 'Not a date\n\nHeadline\n');
    const result = build(seeds, output);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the last good content is unchanged');
    expect(result.stderr).toMatch(/bad\.md:2: "titel" is not a field bulletin knows .*did you mean "title"\?/);
    expect(result.stderr).toMatch(/bad\.md:3: "tags" must be a list of tags/);
    expect(result.stderr).toMatch(/worse\.txt:1: "date header" expected a date like/);
    expect(await readFile(`${output}.js`, 'utf8')).toBe(good);
  }, 60_000);

  it('keeps serving the last good bundle under npm start, which sets BULLETIN_DEV', async () => {
    const seeds = await makeSeeds({ 'bad.md': '---\ntitel: x\n---\nBody.\n' });
    const result = build(seeds, join(seeds, 'site'), { BULLETIN_DEV: '1' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('"titel" is not a field');
  }, 60_000);
});
