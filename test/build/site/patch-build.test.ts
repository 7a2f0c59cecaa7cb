import { createHash } from 'node:crypto';
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/corpus';
import { ARCHIVE_DIRECTORY, type ArchiveManifest } from '../../../src/site/archive';
import { type BuildOptions, buildSettings, SiteBuilder } from '../../../src/site/builder';
import { makeConfig } from '../../factories';
import { readArchiveDocuments } from '../../support/archive';
import { recordingLog } from '../../support/build-log';
import { makeSeeds } from '../../support/seeds-folder';

const ROOT = join(import.meta.dirname, '../../..');
const NOW = new Date('2026-07-01T00:00:00Z');
// Small pages and feeds, so that 40 articles fill several of each, and RFC 5005 archive pages.
const config = makeConfig({ pageSize: 5, feedSize: 6, archiveSize: 4 });
const ASSETS: BuildOptions = { storage: 'assets' };

/** What a test seed says; `markdown` writes it out. */
interface Seed {
  title: string;
  date: string;
  tags: string[];
  body: string;
  updated?: string;
  summary?: string;
  image?: string;
  caption?: string;
  slug?: string;
  draft?: boolean;
}

function markdown(seed: Seed): string {
  const lines = [`title: ${seed.title}`, `date: ${seed.date}`, `tags: [${seed.tags.join(', ')}]`];
  if (seed.updated) lines.push(`updated: ${seed.updated}`);
  if (seed.summary) lines.push(`summary: ${seed.summary}`);
  if (seed.image) lines.push(`image: ${seed.image}`, 'image_alt: A photograph');
  if (seed.caption) lines.push(`caption: ${seed.caption}`);
  if (seed.slug) lines.push(`slug: ${seed.slug}`);
  if (seed.draft) lines.push('draft: true');
  return `---\n${lines.join('\n')}\n---\n${seed.body}\n`;
}

const TAGS = ['news', 'syria', 'economy', 'sport', 'weather'];

function day(n: number): string {
  return new Date(Date.UTC(2026, 0, 1 + n, 8)).toISOString();
}

/** Forty published articles, two scheduled ones (two more epochs) and a draft. */
function corpus(): Map<string, Seed> {
  const seeds = new Map<string, Seed>();
  for (let i = 0; i < 40; i++) {
    // A slug of its own: without one, the slug follows the title, and a new title moves the article.
    seeds.set(`a${String(i).padStart(2, '0')}.md`, { title: `Article ${i}`, slug: `article-${i}`, date: day(i * 4), tags: [TAGS[i % 5]!, TAGS[(i * 3 + 1) % 5]!].filter((t, j, all) => all.indexOf(t) === j), body: `Paragraph one of ${i}.\n\nParagraph two.` });
  }
  seeds.set('later-1.md', { title: 'Scheduled one', slug: 'scheduled-one', date: '2026-08-01T08:00:00Z', tags: ['news'], body: 'Not yet.' });
  seeds.set('later-2.md', { title: 'Scheduled two', slug: 'scheduled-two', date: '2026-09-01T08:00:00Z', tags: ['sport'], body: 'Not yet either.' });
  seeds.set('draft.md', { title: 'A draft', slug: 'a-draft', date: day(10), tags: ['news'], body: 'Unfinished.', draft: true });
  return seeds;
}

type Edit = (seed: Seed, pick: () => number) => void;

/** Edits that change what articles say, not where they are: a patch build's. */
const IN_PLACE: Record<string, Edit> = {
  title: (seed, pick) => void (seed.title = `${seed.title}, corrected ${Math.floor(pick() * 1000)}`),
  body: (seed, pick) => void (seed.body += `\n\nA correction (${Math.floor(pick() * 1000)}).`),
  // Within hours, which leaves most pages' dates (their newer neighbour's) as they were, or past the newer
  // neighbour, four days on, which dates pages and the sitemap anew.
  updated: (seed, pick) => {
    const hours = pick() < 0.5 ? 1 + Math.floor(pick() * 20) : 24 * (5 + Math.floor(pick() * 20));
    seed.updated = new Date(Date.parse(seed.date) + hours * 3_600_000).toISOString();
  },
  summary: (seed, pick) => void (seed.summary = `In short, ${Math.floor(pick() * 1000)}.`),
  image: (seed, pick) => void (seed.image = `https://example.com/photo-${Math.floor(pick() * 1000)}.jpg`),
  caption: (seed, pick) => void (seed.caption = `Taken on the day (${Math.floor(pick() * 1000)}).`),
};

/** Edits that move articles, or change what lists and feeds there are: a full build's. */
const STRUCTURAL: Record<string, Edit> = {
  tags: (seed, pick) => void (seed.tags = [TAGS[Math.floor(pick() * 5)]!]),
  date: (seed, pick) => void (seed.date = day(Math.floor(pick() * 170))),
  slug: (seed, pick) => void (seed.slug = `moved-${Math.floor(pick() * 1000)}`),
  draft: (seed) => void (seed.draft = !seed.draft),
};

describe('a patch build', () => {
  it('serves, after any series of edits, what a build without cache serves, and patches exactly when the edit leaves articles in place', async () => {
    const seeds = corpus();
    const { dir, root } = await makeSeeds({});
    const write = async (name: string) => writeFile(join(dir, name), markdown(seeds.get(name)!));
    for (const name of seeds.keys()) await write(name);
    const settings = (name: string, cache = join(root, `${name}.cache`)) =>
      buildSettings(ROOT, { BULLETIN_SEEDS: dir, BULLETIN_OUTPUT: join(root, name), BULLETIN_ASSETS: join(root, `${name}-assets`), BULLETIN_CACHE: cache }).paths;
    // A builder made for each build (npm run build) and one kept between builds (npm start).
    const builders = { fresh: () => new SiteBuilder(settings('fresh'), config, ASSETS), resident: ((b) => () => b)(new SiteBuilder(settings('resident'), config, ASSETS)) };
    const lastWasFull = { fresh: true, resident: true };
    // The same edits in every run.
    const pick = mulberry32(7);
    const kinds = { ...IN_PLACE, ...STRUCTURAL };
    const counts = { patched: 0, full: 0 };
    // The Worker keeps what it reads in the Cache API by version: one version must never name two sets of files.
    const filesByVersion = new Map<string, string>();

    for (let round = 0; round < 30; round++) {
      const names = [...seeds.keys()];
      let inPlace = true;
      if (round > 0) {
        const kind = Object.keys(kinds)[Math.floor(pick() * Object.keys(kinds).length)]!;
        const name = names[Math.floor(pick() * names.length)]!;
        const seed = seeds.get(name)!;
        const [before, wasDraft] = [markdown(seed), seed.draft];
        kinds[kind]!(seed, pick);
        // An edit that left the seed as it was (the tag it had), or edited a draft that stays one, moves nothing.
        inPlace = kind in IN_PLACE || markdown(seed) === before || (wasDraft && seed.draft) === true;
        await write(name);
        // A second in-place edit in some rounds: several changed articles in one patch.
        if (inPlace && pick() < 0.3) {
          const other = names[Math.floor(pick() * names.length)]!;
          IN_PLACE['body']!(seeds.get(other)!, pick);
          await write(other);
        }
      }
      const reference = new SiteBuilder(settings('reference', 'off'), config, ASSETS);
      expect(await reference.build(recordingLog(), NOW)).toBe(true);
      const expected = await served(join(root, 'reference-assets'));
      for (const [name, builder] of Object.entries(builders) as [keyof typeof builders, () => SiteBuilder][]) {
        const log = recordingLog();
        expect(await builder().build(log, NOW)).toBe(true);
        const summary = log.lines.at(-1)!;
        const patched = summary.includes('(patched: ');
        if (round === 0 || !inPlace) expect(patched, `${name}, round ${round}: ${summary}`).toBe(false);
        // Right after a full build, the share of old text in the archive is nothing: an in-place edit patches.
        else if (lastWasFull[name]) expect(patched, `${name}, round ${round}: ${summary}`).toBe(true);
        lastWasFull[name] = !patched;
        counts[patched ? 'patched' : 'full']++;
        expect(await served(join(root, `${name}-assets`)), `${name}, round ${round}`).toEqual(expected);
        const version = await versionOf(join(root, name));
        const files = await filesDigest(join(root, `${name}-assets`));
        expect(filesByVersion.get(version) ?? files, `${name}, round ${round}: version ${version}`).toBe(files);
        filesByVersion.set(version, files);
      }
    }
    // The series tried both kinds of build many times over.
    expect(counts.patched).toBeGreaterThan(10);
    expect(counts.full).toBeGreaterThan(10);
    // And the files changed from round to round.
    expect(new Set(filesByVersion.values()).size).toBeGreaterThan(20);
  }, 120_000);

  it('keeps in the build cache what it did not make again: a full build after it renders only what changed', async () => {
    const site = await archiveSite();
    await site.build();
    await site.edit('a05.md', (seed) => void (seed.body += '\n\nA correction.'));
    expect(await site.build()).toContain('(patched: ');
    // The oldest article moves to another tag: its page, its neighbour's and its old and new tags' pages and feeds.
    await site.edit('a00.md', (seed) => void (seed.tags = ['weather']));
    const summary = await site.build();
    expect(summary).not.toContain('(patched: ');
    const [, hits, all] = /\((\d+) of (\d+) seed readings and renders from the build cache\)/.exec(summary) ?? [];
    expect(Number(all) - Number(hits)).toBeLessThan(Number(all) / 10);
  }, 60_000);

  it('makes the sitemap again only when an edit changes a page\'s date', async () => {
    const site = await archiveSite();
    await site.build();
    const made = async () => Number(/\(patched: (\d+) made again/.exec(await site.build())?.[1]);
    await site.edit('a05.md', (seed) => void (seed.body += '\n\nA correction.'));
    const bodyEdit = await made();
    // Past its newer neighbour's date: its page, its neighbours' and its lists are dated anew, so is the sitemap of
    // each of the three epochs (two articles are scheduled).
    await site.edit('a05.md', (seed) => void (seed.updated = day(5 * 4 + 10)));
    expect(await made()).toBe(bodyEdit + 3);
    await site.expectServedAsWholeBuild();
  }, 60_000);

  it('writes the archive whole again once patches have added an eighth of its text, then patches again', async () => {
    const site = await archiveSite();
    const kinds: string[] = [];
    for (let edit = 0; edit < 8; edit++) {
      // A long correction: each patch writes the article's page, its lists' pages and its feed items again.
      if (edit > 0) await site.edit('a20.md', (seed) => void (seed.body += `\n\nCorrection ${edit}: ${'a longer paragraph of corrected text. '.repeat(40)}`));
      kinds.push((await site.build()).includes('(patched: ') ? 'patch' : 'whole');
    }
    const firstWhole = kinds.indexOf('whole', 1);
    expect(kinds.slice(0, 2)).toEqual(['whole', 'patch']);
    expect(firstWhole).toBeGreaterThan(1);
    expect(kinds[firstWhole + 1]).toBe('patch');
    await site.expectServedAsWholeBuild();
  }, 60_000);

  it('writes the archive whole when its files are not as the last build left them', async () => {
    const site = await archiveSite();
    const correct = (n: number) => site.edit('a05.md', (seed) => void (seed.body += `\n\nEdit ${n}.`));
    await site.build();
    await correct(1);
    expect(await site.build()).toContain('(patched: ');

    // Someone touched an index shard: its bytes may not be the last build's.
    const index = join(site.assets, ARCHIVE_DIRECTORY, 'index', '0');
    await utimes(join(index, (await readdir(index))[0]!), new Date(), new Date('2020-01-01'));
    await correct(2);
    expect(await site.build()).not.toContain('(patched: ');

    // Or a chunk file.
    await correct(3);
    expect(await site.build()).toContain('(patched: ');
    const chunks = join(site.assets, ARCHIVE_DIRECTORY, 'chunks');
    await utimes(join(chunks, (await readdir(chunks))[0]!), new Date(), new Date('2020-01-01'));
    await correct(4);
    expect(await site.build()).not.toContain('(patched: ');

    // The archive was deleted, as a bundle-mode build does.
    await correct(5);
    await rm(site.assets, { recursive: true });
    const summary = await site.build();
    expect(summary).not.toContain('(patched: ');
    expect(summary).toMatch(/\((\d+) of \1 texts written\)/);
    await site.expectServedAsWholeBuild();
  }, 60_000);
});

/**
 * The corpus in a seeds folder of its own, built into a large archive by a new builder each time (as `npm run
 * build`); `edit` changes one seed and writes it, `expectServedAsWholeBuild` compares the archive with a build of
 * the seeds as they are now, without cache.
 */
async function archiveSite() {
  const seeds = corpus();
  const { dir, root } = await makeSeeds(Object.fromEntries([...seeds].map(([name, seed]) => [name, markdown(seed)])));
  const assets = join(root, 'assets');
  const paths = buildSettings(ROOT, { BULLETIN_SEEDS: dir, BULLETIN_OUTPUT: join(root, 'site'), BULLETIN_ASSETS: assets, BULLETIN_CACHE: join(root, 'build.cache') }).paths;
  return {
    assets,
    /** Builds, and returns the summary line. */
    async build(): Promise<string> {
      const log = recordingLog();
      expect(await new SiteBuilder(paths, config, ASSETS).build(log, NOW)).toBe(true);
      return log.lines.at(-1)!;
    },
    async edit(name: string, change: (seed: Seed) => void): Promise<void> {
      change(seeds.get(name)!);
      await writeFile(join(dir, name), markdown(seeds.get(name)!));
    },
    async expectServedAsWholeBuild(): Promise<void> {
      const reference = new SiteBuilder({ ...paths, assets: join(root, 'reference'), output: join(root, 'reference-site'), cache: 'off' }, config, ASSETS);
      expect(await reference.build(recordingLog(), NOW)).toBe(true);
      expect(await served(assets)).toEqual(await served(join(root, 'reference')));
    },
  };
}

/** The archive's version, as the generated module `<output>.js` gives it to the Worker. */
async function versionOf(output: string): Promise<string> {
  const manifest = JSON.parse(/JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(await readFile(`${output}.js`, 'utf8'))![1]!) as string;
  return (JSON.parse(manifest) as ArchiveManifest).version;
}

/** A hash of every file the Worker may read from the archive in `directory`, by path. */
async function filesDigest(directory: string): Promise<string> {
  const hash = createHash('sha256');
  const root = join(directory, ARCHIVE_DIRECTORY);
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const paths = files.map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const path of paths) hash.update(`${path.slice(root.length)}\n`).update(await readFile(path));
  return hash.digest('hex');
}

/** Every epoch's documents as the Worker would serve them from the archive in `directory`. */
async function served(directory: string) {
  const epochs = (await readdir(join(directory, ARCHIVE_DIRECTORY, 'index'))).length;
  return readArchiveDocuments(directory, epochs);
}
