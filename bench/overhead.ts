/**
 * @module `tsx bench/overhead.ts [-- options]`: where one page request's time goes. Serves the same article, with
 * the same bytes and the same headers, from Workers that add one layer at a time — a plain fetch handler, Hono,
 * Hono with a security middleware (the app's layout before 2026-11-26T15), the app,
 * all in one workerd on 127.0.0.1, each loaded with wrk in turn. A measurement, not a test.
 *
 *   --site /tmp/…/10000/site   a build output (without extension) to serve; default: build --articles
 *   --articles 1000            corpus size to generate and build when --site is not given
 *   --duration 5  --connections 32  --rounds 2   wrk per variant and route, rounds interleaved
 *   --instructions             count instructions per request under callgrind instead (see ./instructions.ts):
 *                              repeatable where wrk's rates are not, so layers a few per cent apart can be told apart
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureBulletinBuild } from './build';
import { countInstructions, type InstructionCount } from './instructions';
import { generateArticles, writeSeeds } from './corpus';
import { TRANSPORT_HEADERS, bundleEntry, bundleWorker, load, type LoadResult } from './serve';
import { readWranglerConfig } from './wrangler-config';
import { startWorkerd } from './workerd';

const { values } = parseArgs({
  options: {
    site: { type: 'string' },
    articles: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    instructions: { type: 'boolean', default: false },
  },
});
const options = { seconds: Number(values.duration), connections: Number(values.connections) };
const rounds = Number(values.rounds);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { compatibilityDate } = await readWranglerConfig(root);
const log = (message: string) => console.error(`overhead: ${message}`);

/** Headers hono's secure-headers (through src/http/security.ts) sets; the rest the app's handler sets. */
const SECURITY_HEADERS = new Set([
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster',
  'permissions-policy', 'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control',
  'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]);

const hono = JSON.stringify(join(root, 'node_modules/hono/dist/index.js'));
const src = (path: string) => JSON.stringify(join(root, 'src', path));

interface Captured {
  readonly body: string;
  readonly headers: readonly (readonly [string, string])[];
}

function variants(site: string, page: Captured): Record<string, string> {
  const etag = page.headers.find(([name]) => name === 'etag')![1];
  const constants = `const BODY = ${JSON.stringify(page.body)};
const HEADERS = ${JSON.stringify(page.headers)};
const ETAG = ${JSON.stringify(etag)};
`;
  const handlerHeaders = page.headers.filter(([name]) => !SECURITY_HEADERS.has(name));
  const securityHeaders = page.headers.filter(([name]) => SECURITY_HEADERS.has(name));
  return {
    // What run.ts calls the bare baseline: same bytes, Content-Type and ETag only.
    'plain, 2 headers': `${constants}
const TWO = { 'content-type': HEADERS.find(([n]) => n === 'content-type')[1], etag: ETAG };
export default {
  fetch(request) {
    if (request.headers.get('If-None-Match') === ETAG) return new Response(null, { status: 304, headers: TWO });
    return new Response(BODY, { headers: TWO });
  },
};
`,
    'plain, all headers': `${constants}
export default {
  fetch(request) {
    if (request.headers.get('If-None-Match') === ETAG) return new Response(null, { status: 304, headers: HEADERS });
    return new Response(BODY, { headers: HEADERS });
  },
};
`,
    // The same headers as one Headers made at startup (run.ts's baseline): workerd copies it natively instead of converting 17 properties.
    'plain, prebuilt Headers': `${constants}
const PREBUILT = new Headers(HEADERS);
export default {
  fetch(request) {
    if (request.headers.get('If-None-Match') === ETAG) return new Response(null, { status: 304, headers: PREBUILT });
    return new Response(BODY, { headers: PREBUILT });
  },
};
`,
    'hono, headers object': `import { Hono } from ${hono};
${constants}
const OBJECT = Object.fromEntries(HEADERS);
const app = new Hono();
app.get('*', (c) => (c.req.header('If-None-Match') === ETAG ? c.body(null, 304, OBJECT) : c.body(BODY, 200, OBJECT)));
export default app;
`,
    'hono, c.header() each': `import { Hono } from ${hono};
${constants}
const app = new Hono();
app.get('*', (c) => {
  for (const [name, value] of HEADERS) c.header(name, value);
  return c.req.header('If-None-Match') === ETAG ? c.body(null, 304) : c.body(BODY, 200);
});
export default app;
`,
    // The app's layout before 2026-11-26T15: security headers added by a middleware to what the handler returns.
    'hono + security middleware': `import { Hono } from ${hono};
import { withSecurityHeaders } from ${src('http/security')};
${constants}
const OWN = ${JSON.stringify(handlerHeaders)};
const app = new Hono();
app.use(async (c, next) => {
  await next();
  await withSecurityHeaders(c.res, false);
});
app.get('*', (c) => {
  for (const [name, value] of OWN) c.header(name, value);
  return c.req.header('If-None-Match') === ETAG ? c.body(null, 304) : c.body(BODY, 200);
});
export default app;
`,
  };
}

const scratch = await mkdtemp(join(tmpdir(), 'bulletin-overhead-'));
try {
  let site = values.site;
  if (site === undefined) {
    const count = Number(values.articles);
    const corpus = await writeSeeds(generateArticles({ count, seed: 1 }), join(scratch, 'seeds'));
    site = join(scratch, 'site');
    log(`building ${count} articles…`);
    const build = await measureBulletinBuild(root, corpus.dir, site, { storage: 'bundle', assets: join(scratch, 'assets'), cacheFile: 'off' });
    if (!build.ok) throw new Error(`build failed: ${build.error}`);
  }
  log('bundling the app…');
  const app = await bundleWorker(root, site, join(scratch, 'app'));

  // Capture the article the home page links first, with every header the app sends.
  const probe = await startWorkerd(root, scratch, { app: app.script }, compatibilityDate);
  let path: string;
  let page: Captured;
  try {
    const origin = `http://127.0.0.1:${probe.ports['app']}`;
    path = /href="(\/articles\/[^"]+)"/.exec(await (await fetch(`${origin}/`)).text())![1]!;
    const response = await fetch(`${origin}${path}`);
    page = { body: await response.text(), headers: [...response.headers].filter(([name]) => !TRANSPORT_HEADERS.has(name)) };
  } finally {
    await probe.stop();
  }
  log(`${path}: ${Buffer.byteLength(page.body)} bytes, ${page.headers.length} headers`);

  const scripts: Record<string, string> = { app: app.script };
  const names: Record<string, string> = { app: 'app' };
  for (const [i, [label, source]] of Object.entries(variants(site, page)).entries()) {
    log(`bundling ${label}…`);
    scripts[`v${i}`] = (await bundleEntry(root, join(scratch, 'variants'), `v${i}`, source)).script;
    names[`v${i}`] = label;
  }

  const etag = page.headers.find(([name]) => name === 'etag')![1];
  if (values.instructions) {
    const kinds = Object.keys(scripts).flatMap((worker) => [
      { worker, path, status: 200 },
      { worker, path, headers: { 'If-None-Match': etag }, status: 304 },
    ]);
    log(`counting instructions (${kinds.length} kinds of request, three counts each)…`);
    const counts = await countInstructions(root, scratch, scripts, compatibilityDate, kinds);
    const k = (n: number) => `${(n / 1000).toFixed(0)}k`;
    const cell = (c: InstructionCount) => `${k(c.perRequest)} (${c.repeats.map(k).join(', ')})`.padStart(34);
    const lines = [`${path} (${Buffer.byteLength(page.body)} bytes, ${page.headers.length} headers), instructions per request under callgrind, least of 3 counts (then each)`];
    lines.push(['variant'.padEnd(36), '200'.padStart(34), '304'.padStart(34)].join('  '));
    for (const [i, name] of Object.keys(scripts).entries()) lines.push([names[name]!.padEnd(36), cell(counts[2 * i]!), cell(counts[2 * i + 1]!)].join('  '));
    console.log(lines.join('\n'));
  } else {
    const workerd = await startWorkerd(root, scratch, scripts, compatibilityDate);
    try {
      const url = (name: string) => `http://127.0.0.1:${workerd.ports[name]}${path}`;
      for (const name of Object.keys(scripts)) {
        const response = await fetch(url(name));
        const body = await response.text();
        const headers = [...response.headers].filter(([n]) => !TRANSPORT_HEADERS.has(n)).sort().join('\n');
        const same = body === page.body && headers === [...page.headers].sort().join('\n');
        if (!same) log(`warning: ${names[name]} does not answer with the app's bytes and headers`);
      }
      const samples = new Map<string, LoadResult[]>();
      for (let round = 0; round < rounds; round++) {
        for (const conditional of [false, true]) {
          for (const name of Object.keys(scripts)) {
            const key = `${name}\n${conditional}`;
            const result = await load(url(name), conditional ? [`If-None-Match: ${etag}`] : [], options);
            samples.set(key, [...(samples.get(key) ?? []), result]);
          }
        }
      }
      const mean = (results: readonly LoadResult[], pick: (r: LoadResult) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
      const lines = [`${path} (${Buffer.byteLength(page.body)} bytes, ${page.headers.length} headers), wrk -t1 -c${options.connections} -d${options.seconds}s, mean of ${rounds}`];
      lines.push(['variant'.padEnd(36), '200 req/s', 'µs/req', 'p99 ms', '304 req/s', 'µs/req', 'p99 ms'].join('  '));
      for (const name of Object.keys(scripts)) {
        const full = samples.get(`${name}\nfalse`)!;
        const notModified = samples.get(`${name}\ntrue`)!;
        const rps = (r: readonly LoadResult[]) => mean(r, (x) => x.requestsPerSecond);
        lines.push([
          names[name]!.padEnd(36),
          rps(full).toFixed(0).padStart(9), (1e6 / rps(full)).toFixed(1).padStart(6), mean(full, (x) => x.p99Ms).toFixed(2).padStart(6),
          rps(notModified).toFixed(0).padStart(9), (1e6 / rps(notModified)).toFixed(1).padStart(6), mean(notModified, (x) => x.p99Ms).toFixed(2).padStart(6),
        ].join('  '));
      }
      console.log(lines.join('\n'));
    } finally {
      await workerd.stop();
    }
  }
} finally {
  if (values.keep) log(`scratch kept at ${scratch}`);
  else await rm(scratch, { recursive: true, force: true });
}
