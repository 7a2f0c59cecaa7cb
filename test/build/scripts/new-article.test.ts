import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import { readSeed } from '../../../src/content/seed';

const ROOT = join(import.meta.dirname, '../../..');

function newArticle(cwd: string, ...args: string[]) {
  return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/new-article.ts'), ...args], { cwd, encoding: 'utf8' });
}

describe('npm run new', () => {
  it('creates a dated draft seed that the build reads without problems', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'bulletin-new-'));
    await mkdir(join(cwd, 'seeds'));
    const result = newArticle(cwd, 'Rates: what “held” means');
    expect(result.status).toBe(0);
    const [name] = await readdir(join(cwd, 'seeds'));
    expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-rates-what-held-means\.md$/);
    const text = await readFile(join(cwd, 'seeds', name!), 'utf8');
    for (const field of ['title', 'date', 'updated', 'author', 'summary', 'tags', 'image', 'image_alt', 'caption', 'credit', 'slug', 'id', 'lang', 'draft']) {
      expect(text, field).toMatch(new RegExp(`^(# )?${field}:`, 'm'));
    }
    const reading = readSeed(`seeds/${name}`, Buffer.from(text), site);
    expect(reading.problems).toEqual([]);
    expect(reading.draft).toBe(true);
    expect(reading.article!.title).toBe('Rates: what “held” means');
  }, 30_000);

  it('refuses to overwrite an existing seed', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'bulletin-new-'));
    await mkdir(join(cwd, 'seeds'));
    expect(newArticle(cwd, 'Same').status).toBe(0);
    const again = newArticle(cwd, 'Same');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists');
  }, 30_000);

  it('asks for a headline when given none', async () => {
    const result = newArticle(await mkdtemp(join(tmpdir(), 'bulletin-new-')));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm run new -- "A headline"');
  }, 30_000);
});
