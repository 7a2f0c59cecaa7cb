/** @module What the bench takes from wrangler.toml, so that it bundles, runs and rebuilds the Worker as production does. */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Top-level settings that change how wrangler bundles a Worker. */
const BUNDLING_SETTINGS = ['compatibility_date', 'compatibility_flags', 'keep_names', 'minify', 'no_bundle'];

export interface WranglerConfig {
  readonly compatibilityDate: string;
  /** The lines of wrangler.toml that set BUNDLING_SETTINGS, as written, for a bench Worker's own wrangler.toml. */
  readonly bundlingLines: readonly string[];
  /** `[build] command`: what wrangler runs before it bundles, and under wrangler dev after every edit. */
  readonly buildCommand: string | undefined;
}

export async function readWranglerConfig(root: string): Promise<WranglerConfig> {
  const toml = await readFile(join(root, 'wrangler.toml'), 'utf8');
  const [topLevel = '', ...sections] = toml.split(/^(?=\[)/m);
  const value = (text: string, key: string) => new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(text)?.[1];
  const compatibilityDate = value(topLevel, 'compatibility_date');
  if (compatibilityDate === undefined) throw new Error('wrangler.toml has no compatibility_date');
  return {
    compatibilityDate,
    bundlingLines: topLevel.split('\n').filter((line) => BUNDLING_SETTINGS.some((key) => new RegExp(`^${key}\\s*=`).test(line))),
    buildCommand: value(sections.find((section) => section.startsWith('[build]')) ?? '', 'command'),
  };
}
