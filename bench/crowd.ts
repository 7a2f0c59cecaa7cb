/**
 * @module Every route of a large archive asked of one fresh isolate by readers who come at once: what a crawler, or
 * feed readers refreshing after a deploy, do. Not a measurement: each answer must be the document the index lists.
 * It found what the serving benchmark's one route at a time could not (bench/README.md, "Readers at once").
 */

import { indexShards } from './size';
import { startWorkerd, type WorkerScript } from './workerd';

/** As a browser tab asks for a feed, which gets the feed's page (a `#page` route of the index). */
const BROWSER = { Accept: 'text/html', 'Sec-Fetch-Dest': 'document' };
/** A route answered later than this counts as never answered. */
const ANSWER_TIMEOUT_MS = 20_000;

export interface CrowdResult {
  readonly routes: number;
  readonly readers: number;
  readonly ms: number;
  /** `path: what came instead`, for every route not answered 200 with its document's type and a body. */
  readonly failures: readonly string[];
}

/**
 * Starts `worker` (with its `content`, the assets directory) in a workerd of its own and has `readers` readers ask
 * for every route of the first epoch once, each asking for the next route in path order when answered.
 */
export async function crawlArchive(root: string, dir: string, worker: WorkerScript & { readonly content: string }, compatibilityDate: string, readers = 8): Promise<CrowdResult> {
  const routes = (await indexShards(worker.content)).flatMap(({ shard }) => Object.entries(shard)).sort(([a], [b]) => (a < b ? -1 : 1));
  const workerd = await startWorkerd(root, dir, { app: worker }, compatibilityDate);
  const failures: string[] = [];
  const started = performance.now();
  try {
    const base = `http://127.0.0.1:${workerd.ports['app']}`;
    let next = 0;
    const reader = async () => {
      while (next < routes.length) {
        const [path, document] = routes[next++]!;
        const page = path.endsWith('#page');
        try {
          const response = await fetch(base + path.replace(/#page$/, ''), { headers: page ? BROWSER : {}, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
          const bytes = (await response.arrayBuffer()).byteLength;
          const type = response.headers.get('Content-Type');
          if (response.status !== 200 || type !== document.contentType || bytes === 0) failures.push(`${path}: ${response.status} ${type}, ${bytes} bytes`);
        } catch (error) {
          failures.push(`${path}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: readers }, reader));
  } finally {
    await workerd.stop();
  }
  return { routes: routes.length, readers, ms: performance.now() - started, failures };
}
