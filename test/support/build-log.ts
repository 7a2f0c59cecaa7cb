/** @module A BuildLog for tests: every line it is given, prefixed with its stream (`info`, `warn`, `error`). */

import type { BuildLog } from '../../src/site/builder';

export function recordingLog(): BuildLog & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (text) => lines.push(`info ${text}`), warn: (text) => lines.push(`warn ${text}`), error: (text) => lines.push(`error ${text}`) };
}
