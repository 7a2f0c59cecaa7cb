import { describe, expect, it, vi } from 'vitest';
import { site } from '../../../src/config';
import { readContent } from '../../../src/content/build';
import { ContentError } from '../../../src/content/problems';
import { makeSeeds } from '../../support/seeds-folder';

// Root reads any file whatever its mode, so the failing read is simulated: the seed named `locked.md` cannot be read.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    readFile: (path: string, ...rest: unknown[]) => {
      if (!String(path).endsWith('locked.md')) return (fs.readFile as (...args: unknown[]) => void)(path, ...rest);
      const callback = rest.at(-1) as (error: Error) => void;
      process.nextTick(() => callback(Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' })));
    },
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
