import { describe, expect, it, vi } from 'vitest';
import { site } from '../../../src/config';
import { readContent } from '../../../src/content/build';
import { ContentError } from '../../../src/content/problems';
import { makeSeeds } from '../../support/seeds-folder';

// Root reads any file whatever its mode, so the failing read is simulated: the seed named `locked.md` cannot be read.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    readFile: (path: string, ...rest: unknown[]) =>
      String(path).endsWith('locked.md')
        ? Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' }))
        : (fs.readFile as (...args: unknown[]) => Promise<Buffer>)(path, ...rest),
  };
});

describe('a seed that cannot be read', () => {
  it('is an error naming the file, reported with the problems of the other seeds', async () => {
    const { dir, root } = await makeSeeds({
      'locked.md': '---\ntitle: Locked\n---\nBody.\n',
      'bad.md': '---\ntitel: x\n---\nBody.\n',
      'good.md': '---\ntitle: Good\ndate: 2026-01-01\n---\nBody.\n',
    });
    const error = await readContent(dir, site, root).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    const problems = (error as ContentError).problems;
    expect(problems).toContainEqual({ file: 'seeds/locked.md', severity: 'error', message: expect.stringMatching(/^could not be read: EACCES: permission denied/) });
    expect(problems.some((p) => p.file === 'seeds/bad.md' && p.field === 'titel')).toBe(true);
  });
});
