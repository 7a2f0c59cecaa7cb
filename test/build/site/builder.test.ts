import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheLog } from '../../../src/content/cache-log';
import { buildSettings, SiteBuilder } from '../../../src/site/builder';
import { recordingLog } from '../../support/build-log';
import { makeConfig } from '../../factories';
import { readArchive } from '../../support/archive';
import { makeSeeds } from '../../support/seeds-folder';

const ROOT = join(import.meta.dirname, '../../..');
const NOW = new Date('2026-07-01T00:00:00Z');
const config = makeConfig();
const markdown = (title: string, date: string) => `---\ntitle: ${title}\ndate: ${date}\ntags: [news]\n---\nBody of ${title}.\n`;

async function site(files: Record<string, string>) {
  const { dir, root } = await makeSeeds(files);
  const settings = (name: string, cache = join(root, `${name}.cache`)) =>
    buildSettings(ROOT, { BULLETIN_SEEDS: dir, BULLETIN_OUTPUT: join(root, name), BULLETIN_ASSETS: join(root, `${name}-assets`), BULLETIN_CACHE: cache }).paths;
  return { dir, root, settings };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a builder kept in memory between builds', () => {
  it('builds after an edit what a builder from nothing builds, without reading unchanged seeds\' readings back', async () => {
    const seeds = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`a${i}.md`, markdown(`Article ${i}`, `2026-0${i + 1}-01`)]));
    const { dir, root, settings } = await site(seeds);
    const resident = new SiteBuilder(settings('resident'), config);
    expect(await resident.build(recordingLog(), NOW)).toBe(true);

    await writeFile(join(dir, 'a2.md'), markdown('Article 2, corrected', '2026-03-01'));
    const reads = vi.spyOn(CacheLog.prototype, 'read');
    const log = recordingLog();
    expect(await resident.build(log, NOW)).toBe(true);
    expect(reads.mock.calls.map(([key]) => key).filter((key) => key.startsWith('seed:'))).toEqual([]);
    expect(log.lines.at(-1)).toMatch(/built 6 published/);
    // Those of the other articles' pages and feeds that do not carry the edited one.
    expect(log.lines.at(-1)).toMatch(/; [1-9]\d* documents as this process's last build made them\)$/);
    vi.restoreAllMocks();

    const fresh = new SiteBuilder(settings('fresh', 'off'), config);
    expect(await fresh.build(recordingLog(), NOW)).toBe(true);
    const module = await readFile(join(root, 'resident.js'), 'utf8');
    expect(module).toContain('Article 2, corrected');
    expect(module).toBe(await readFile(join(root, 'fresh.js'), 'utf8'));
  });

  it('writes a large archive after an edit as a builder from nothing writes it', async () => {
    const { dir, root, settings } = await site({ 'a.md': markdown('First', '2026-01-01'), 'b.md': markdown('Second', '2026-02-01') });
    const resident = new SiteBuilder(settings('resident'), config, { storage: 'assets' });
    expect(await resident.build(recordingLog(), NOW)).toBe(true);
    await writeFile(join(dir, 'c.md'), markdown('Third', '2026-03-01'));
    await writeFile(join(dir, 'a.md'), markdown('First, corrected', '2026-01-01'));
    expect(await resident.build(recordingLog(), NOW)).toBe(true);

    const fresh = new SiteBuilder(settings('fresh', 'off'), config, { storage: 'assets' });
    expect(await fresh.build(recordingLog(), NOW)).toBe(true);
    const residentRoutes = await readArchive(join(root, 'resident-assets'), 0);
    expect(residentRoutes).toEqual(await readArchive(join(root, 'fresh-assets'), 0));
    expect([...residentRoutes.values()].some((text) => text.includes('First, corrected'))).toBe(true);
  });

  it('renders an article it read from the cache in an earlier build with its body from the cache open now', async () => {
    const { dir, root, settings } = await site({ 'a.md': markdown('First', '2026-01-01'), 'b.md': markdown('Second', '2026-02-01') });
    expect(await new SiteBuilder(settings('resident'), config).build(recordingLog(), NOW)).toBe(true);
    // As in a new process: the articles come from the cache, their bodies unread.
    const resident = new SiteBuilder(settings('resident'), config);
    expect(await resident.build(recordingLog(), NOW)).toBe(true);
    // First's page links to its neighbour by title: it is rendered again, from the article the builder kept.
    await writeFile(join(dir, 'b.md'), markdown('Second, retitled', '2026-02-01'));
    expect(await resident.build(recordingLog(), NOW)).toBe(true);

    const fresh = new SiteBuilder(settings('fresh', 'off'), config);
    expect(await fresh.build(recordingLog(), NOW)).toBe(true);
    const module = await readFile(join(root, 'resident.js'), 'utf8');
    expect(module).toContain('Body of First.');
    expect(module).toBe(await readFile(join(root, 'fresh.js'), 'utf8'));
  });

  it('keeps the last good output when a seed goes bad, lists the problems, and builds again once it is fixed', async () => {
    const { dir, root, settings } = await site({ 'a.md': markdown('First', '2026-01-01') });
    const builder = new SiteBuilder(settings('site'), config);
    expect(await builder.build(recordingLog(), NOW)).toBe(true);
    const good = await readFile(join(root, 'site.js'), 'utf8');

    await writeFile(join(dir, 'b.md'), '---\ntitel: Second\n---\nBody.\n');
    const log = recordingLog();
    expect(await builder.build(log, NOW)).toBe(false);
    expect(log.lines.join('\n')).toMatch(/the last good content is unchanged[\s\S]*\/seeds\/b\.md:2: "titel" is not a field/);
    expect(await readFile(join(root, 'site.js'), 'utf8')).toBe(good);

    await writeFile(join(dir, 'b.md'), markdown('Second', '2026-02-01'));
    expect(await builder.build(recordingLog(), NOW)).toBe(true);
    expect(await readFile(join(root, 'site.js'), 'utf8')).toContain('Second');
  });

  it('takes its paths from the environment, with the repository\'s layout by default', () => {
    const { paths, options } = buildSettings('/repo', {});
    expect(paths).toMatchObject({ root: '/repo', seeds: '/repo/seeds', output: '/repo/src/generated/site', assets: '/repo/dist/assets' });
    expect(paths.cache).toMatch(/^\/repo\/node_modules\/\.cache\/bulletin\/[\w-]{16}\.cache$/);
    expect(options).toEqual({});
    expect(paths.code).toBeUndefined();
    // Set by scripts/compiled.mjs for the build it runs.
    expect(buildSettings('/repo', { BULLETIN_BUILD_CODE: 'abc' }).paths.code).toBe('abc');
    expect(buildSettings('/repo', { BULLETIN_STORAGE: 'assets' }).options).toEqual({ storage: 'assets' });
    expect(() => buildSettings('/repo', { BULLETIN_STORAGE: 'kv' })).toThrow('BULLETIN_STORAGE must be "bundle" or "assets" (got "kv")');
  });
});

describe('two builders of the same output at once', () => {
  it('build one after the other, and leave what a builder from nothing builds', async () => {
    const { dir, root, settings } = await site({ 'a.md': markdown('First', '2026-01-01'), 'b.md': markdown('Second', '2026-02-01') });
    const paths = settings('shared');
    expect(await new SiteBuilder(paths, config, { storage: 'assets' }).build(recordingLog(), NOW)).toBe(true);
    await writeFile(join(dir, 'c.md'), markdown('Third', '2026-03-01'));
    const logs = [recordingLog(), recordingLog()];
    const built = await Promise.all(logs.map((log) => new SiteBuilder(paths, config, { storage: 'assets' }).build(log, NOW)));
    expect(built).toEqual([true, true]);
    expect(logs.flatMap((log) => log.lines).filter((line) => line.includes('waiting for the build of process'))).toHaveLength(1);

    expect(await new SiteBuilder(settings('fresh', 'off'), config, { storage: 'assets' }).build(recordingLog(), NOW)).toBe(true);
    expect(await readArchive(join(root, 'shared-assets'), 0)).toEqual(await readArchive(join(root, 'fresh-assets'), 0));
  });
});
