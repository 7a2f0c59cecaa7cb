/** @module `npm run build`'s command, as package.json gives it, for tests that run it without npm. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

/** package.json's `build` script. */
export const BUILD_SCRIPT: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.build;

/** The program and arguments of `npm run build`: `node` is this process's own Node. */
export function buildCommand(): [string, string[]] {
  const [program, ...args] = BUILD_SCRIPT.split(' ');
  if (program !== 'node') throw new Error(`npm run build runs ${JSON.stringify(program)}, not node: ${BUILD_SCRIPT}`);
  return [process.execPath, args];
}
