/** @module A fresh seeds folder for a test: `<tmp>/seeds` holding the given files, paths in messages relative to `<tmp>`. */

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function makeSeeds(files: Record<string, string>): Promise<{ dir: string; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'bulletin-'));
  const dir = join(root, 'seeds');
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, root };
}
