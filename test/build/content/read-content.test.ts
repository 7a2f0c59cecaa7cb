import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import { readContent } from '../../../src/content/build';
import { ContentError } from '../../../src/content/problems';
import { makeSeeds } from '../../support/seeds-folder';

const markdown = (title: string, date: string, extra = '') => `---\ntitle: ${title}\ndate: ${date}\n${extra}---\nBody of ${title}.\n`;

async function problemsOf(files: Record<string, string>) {
  const { dir, root } = await makeSeeds(files);
  try {
    await readContent(dir, site, root);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected the build to fail');
}

describe('reading a seeds folder', () => {
  it('returns articles newest first, whatever the file names', async () => {
    const { dir, root } = await makeSeeds({
      'b.md': markdown('Older', '2026-01-01'),
      'a.md': markdown('Newer', '2026-02-01'),
      'c.md': markdown('Newest', '2026-03-01T08:00:00Z'),
    });
    const content = await readContent(dir, site, root);
    expect(content.articles.map((a) => a.title)).toEqual(['Newest', 'Newer', 'Older']);
  });

  it('orders articles of the same instant by id, in code-unit order whatever the locale', async () => {
    const { dir, root } = await makeSeeds({
      'a.md': markdown('Lower', '2026-01-01', 'id: tag:example.com,2026:a\n'),
      'b.md': markdown('Upper', '2026-01-01', 'id: tag:example.com,2026:B\n'),
      'c.md': markdown('Digit', '2026-01-01', 'id: tag:example.com,2026:1\n'),
    });
    const content = await readContent(dir, site, root);
    // localeCompare would give Digit, Lower, Upper.
    expect(content.articles.map((a) => a.title)).toEqual(['Digit', 'Upper', 'Lower']);
  });

  it('leaves drafts out but counts them', async () => {
    const { dir, root } = await makeSeeds({
      'a.md': markdown('Published', '2026-01-01'),
      'b.md': markdown('Draft', '2026-01-02', 'draft: true\n'),
    });
    const content = await readContent(dir, site, root);
    expect(content.articles.map((a) => a.title)).toEqual(['Published']);
    expect(content.drafts).toBe(1);
  });

  it('keeps scheduled articles for the Worker to publish on time', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('Later', '2099-01-01') });
    expect((await readContent(dir, site, root)).articles.map((a) => a.published)).toEqual(['2099-01-01T12:00:00.000Z']);
  });

  it('warns about files that are not seeds and reads the rest', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('Kept', '2026-01-01'), 'notes.docx': 'x', '.gitkeep': '' });
    const content = await readContent(dir, site, root);
    expect(content.articles).toHaveLength(1);
    expect(content.warnings).toEqual([expect.objectContaining({ file: 'seeds/notes.docx', severity: 'warning', message: expect.stringContaining('is ignored') })]);
  });

  it('reads a seed that is a symbolic link to a file kept elsewhere, under the link\'s name', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('Here', '2026-01-01') });
    await mkdir(join(root, 'drafts'));
    await writeFile(join(root, 'drafts/kept.md'), markdown('Linked', '2026-01-02'));
    await symlink(join(root, 'drafts/kept.md'), join(dir, 'b.md'));
    const content = await readContent(dir, site, root);
    expect(content.articles.map((a) => [a.title, a.source])).toEqual([['Linked', 'seeds/b.md'], ['Here', 'seeds/a.md']]);
    expect(content.warnings).toEqual([]);
  });

  it('warns about a subfolder, and a symbolic link to one, and reads the seeds beside them', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('Kept', '2026-01-01') });
    await mkdir(join(dir, 'old'));
    await writeFile(join(dir, 'old/b.md'), markdown('Not read', '2026-01-02'));
    await symlink(join(dir, 'old'), join(dir, 'older.md'));
    const content = await readContent(dir, site, root);
    expect(content.articles.map((a) => a.title)).toEqual(['Kept']);
    expect(content.warnings).toEqual([
      { file: 'seeds/old', severity: 'warning', message: 'is a folder and is ignored: seeds/ is read without subfolders' },
      { file: 'seeds/older.md', severity: 'warning', message: 'is a folder and is ignored: seeds/ is read without subfolders' },
    ]);
  });

  it('fails on a seed that is a symbolic link to nothing, and only warns about another such link', async () => {
    const { dir, root } = await makeSeeds({ 'a.md': markdown('Kept', '2026-01-01') });
    await symlink(join(root, 'gone.md'), join(dir, 'b.md'));
    await symlink(join(root, 'gone.txt'), join(dir, 'notes'));
    const failure = await readContent(dir, site, root).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(ContentError);
    expect((failure as ContentError).problems).toEqual([
      { file: 'seeds/b.md', severity: 'error', message: 'is a symbolic link to a file that does not exist' },
      { file: 'seeds/notes', severity: 'warning', message: 'is a symbolic link to nothing and is ignored' },
    ]);
  });

  it('names both files when two articles share a slug', async () => {
    const error = await problemsOf({ 'a.md': markdown('Same title', '2026-01-01'), 'b.md': markdown('Same title', '2026-01-02') });
    expect(error.problems).toEqual([
      expect.objectContaining({ file: 'seeds/a.md', field: 'slug', message: expect.stringContaining('seeds/b.md') }),
      expect.objectContaining({ file: 'seeds/b.md', field: 'slug', message: expect.stringContaining('seeds/a.md') }),
    ]);
  });

  it('names both files when two articles share an id', async () => {
    const error = await problemsOf({
      'a.md': markdown('One', '2026-01-01', 'id: urn:x:1\n'),
      'b.md': markdown('Two', '2026-01-02', 'id: urn:x:1\n'),
    });
    expect(error.problems.map((p) => [p.file, p.field])).toEqual([['seeds/a.md', 'id'], ['seeds/b.md', 'id']]);
  });

  it('names every file of a slug three share, and lists groups in the order of their first file', async () => {
    const error = await problemsOf({
      'a.md': markdown('Later', '2026-01-01'),
      'b.md': markdown('Sooner', '2026-01-02'),
      'c.md': markdown('Sooner', '2026-01-03'),
      'd.md': markdown('Later', '2026-01-04'),
      'e.md': markdown('Later', '2026-01-05'),
    });
    expect(error.problems.map((p) => [p.file, p.message])).toEqual([
      ['seeds/a.md', '"later" is also the slug of seeds/d.md, seeds/e.md; each article needs its own'],
      ['seeds/d.md', '"later" is also the slug of seeds/a.md, seeds/e.md; each article needs its own'],
      ['seeds/e.md', '"later" is also the slug of seeds/a.md, seeds/d.md; each article needs its own'],
      ['seeds/b.md', '"sooner" is also the slug of seeds/c.md; each article needs its own'],
      ['seeds/c.md', '"sooner" is also the slug of seeds/b.md; each article needs its own'],
    ]);
  });

  it('counts a draft in the duplicate checks, since it will be published one day', async () => {
    const error = await problemsOf({ 'a.md': markdown('Same', '2026-01-01'), 'b.md': markdown('Same', '2026-01-02', 'draft: true\n') });
    expect(error.problems).toHaveLength(2);
  });

  it('lists the problems of every file in one report', async () => {
    const error = await problemsOf({ 'a.md': markdown('', '2026-01-01'), 'b.md': markdown('Fine', 'soon'), 'c.txt': 'no header\n' });
    expect(error.problems.map((p) => p.file)).toEqual(['seeds/a.md', 'seeds/b.md', 'seeds/c.txt']);
    expect(error.message).toMatch(/^3 problems in seeds:\nseeds\/a\.md:2: "title"/);
  });

  it('gives the same id to an article whatever its title or slug, and another to another file', async () => {
    const first = await makeSeeds({ 'story.md': markdown('First title', '2026-01-01') });
    const second = await makeSeeds({ 'story.md': markdown('Second title', '2026-01-01', 'slug: moved\n'), 'other.md': markdown('Other', '2026-01-01') });
    const [a] = (await readContent(first.dir, site, first.root)).articles;
    const b = (await readContent(second.dir, site, second.root)).articles;
    expect(b.find((x) => x.slug === 'moved')!.id).toBe(a!.id);
    expect(b.find((x) => x.slug === 'other')!.id).not.toBe(a!.id);
  });
});
