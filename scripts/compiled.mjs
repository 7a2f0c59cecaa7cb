// @ts-check
/**
 * @module Runs a TypeScript entry point without tsx: `node scripts/compiled.mjs scripts/build.ts`.
 *
 * esbuild compiles the entry, the src/ modules it imports and their packages into one module under
 * node_modules/.cache/bulletin/compiled/, beside a record of the files it was compiled from and their hash. A later
 * run whose files hash the same imports that module at once; any edit compiles it again first (~0.5 s). Why: tsx's
 * loader sees every module a build loads, some 0.7 s at every start, most of a one-change rebuild; the compiled
 * module loads in 0.1 s. What the entry imports with `import()` is a chunk of its own (chunks/), loaded only if
 * that `import()` runs: under npm start, the build script only asks npm start's builder, and never parses the 1.2 MB
 * of the build itself (~60 ms of every rebuild wrangler waits for). Plain JavaScript because it is what starts
 * before anything can compile TypeScript.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const compileOnly = process.argv[2] === '--compile';
const [entryArgument] = process.argv.splice(2, compileOnly ? 2 : 1).slice(compileOnly ? 1 : 0);
if (entryArgument === undefined) {
  console.error('usage: node scripts/compiled.mjs [--compile] <entry.ts> [arguments…]');
  process.exit(2);
}
const entry = resolve(entryArgument);
// The entry's absolute path in the name too: checkouts that share one node_modules (git worktrees, a symbolic
// link) each keep their own compiled module, which stands for their own entry.
const name = `${relative(root, entry).replace(/[^A-Za-z0-9]+/g, '-')}-${createHash('sha256').update(entry).digest('hex').slice(0, 12)}`;
const folder = join(root, 'node_modules/.cache/bulletin/compiled');
const output = join(folder, `${name}.mjs`);
const record = join(folder, `${name}.json`);
// Shared by every entry (and checkout): a chunk's name has a hash of its contents in it.
const CHUNKS = 'chunks';
/** What every compiled module is a function of, besides the files it was compiled from. */
const ALWAYS = ['package-lock.json', relative(root, fileURLToPath(import.meta.url)).split(sep).join('/')];
/** The compiled module's `require`: Node's own modules, and an error, as for a package not installed, for anything else. */
const REQUIRE_BUILTINS_ONLY = [
  "import { createRequire as __bulletinRequire, isBuiltin as __bulletinIsBuiltin } from 'node:module';",
  'const require = ((load) => (id) => {',
  '  if (__bulletinIsBuiltin(id)) return load(id);',
  "  throw Object.assign(new Error(`Cannot find module '${id}': the compiled build bundles every package (scripts/compiled.mjs)`), { code: 'MODULE_NOT_FOUND' });",
  '})(__bulletinRequire(import.meta.url));',
].join('\n');

/** How old a chunk no record names must be to be removed (see removeUnused). */
const UNUSED_CHUNK_MS = 10 * 60_000;

/** @typedef {Map<string, Buffer>} Inputs project files by path from the root, with their bytes */
/**
 * @typedef {object} CompileRecord what an entry's compiled module was made from, and the chunks it and the one before it import
 * @property {string} esbuild
 * @property {string} hash
 * @property {string[]} inputs
 * @property {string} [entry] the entry's absolute path: a record whose entry is gone (a removed checkout) is removed
 * @property {string[]} [chunks] files in chunks/ (with their source maps), by name
 * @property {string[]} [previousChunks] those of the module this one replaced, for a run that started with it
 */

/**
 * What the compiled module is a function of: esbuild's version, the entry's place (its `import.meta.url`), the
 * bytes of every project file it was compiled from, package-lock.json for the packages under node_modules, and
 * this launcher, which says how it is compiled.
 * @param {Inputs} files
 * @param {string} esbuildVersion
 */
function hashOf(files, esbuildVersion) {
  const hash = createHash('sha256').update(`${esbuildVersion}\n${entry}\n`);
  for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\n${bytes.length}\n`).update(bytes);
  return hash.digest('hex');
}

/**
 * package-lock.json, this launcher and `paths`, as they are now; undefined when one of them is gone. Read one after
 * the other, synchronously: nothing else waits meanwhile, and a promise for each of ~60 files took ~15 ms of every
 * start, four times the reads themselves.
 * @param {readonly string[]} paths
 * @returns {Inputs | undefined}
 */
function readInputs(paths) {
  const files = new Map();
  for (const path of [...ALWAYS, ...paths]) {
    try {
      files.set(path, readFileSync(join(root, path)));
    } catch {
      return undefined;
    }
  }
  return files;
}

/**
 * The record at `path`; undefined when there is none, or it does not read as JSON.
 * @param {string} path
 * @returns {Promise<CompileRecord | undefined>}
 */
function readRecord(path) {
  return readFile(path, 'utf8').then(JSON.parse, () => undefined);
}

/**
 * The hash of the compiled module's files when it is up to date with them; undefined when it must be compiled.
 * @returns {Promise<string | undefined>}
 */
async function currentHash() {
  const saved = await readRecord(record);
  if (saved === undefined) return undefined;
  const files = readInputs(saved.inputs);
  return files !== undefined && saved.hash === hashOf(files, saved.esbuild) ? saved.hash : undefined;
}

/** @type {Record<string, import('esbuild').Loader>} */
const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.mts': 'ts', '.js': 'js', '.mjs': 'js', '.json': 'json' };

/**
 * Reads the project's files for esbuild, so that the hash is of the very bytes it compiled.
 * @param {Inputs} files
 * @returns {import('esbuild').Plugin}
 */
function recordInputs(files) {
  return {
    name: 'record-inputs',
    setup(build) {
      build.onLoad({ filter: /.*/ }, async ({ path }) => {
        const input = relative(root, path);
        const loader = LOADERS[extname(path)];
        if (input.split(sep).includes('node_modules') || loader === undefined) return undefined;
        const bytes = await readFile(path);
        files.set(input.split(sep).join('/'), bytes);
        return { contents: bytes, loader };
      });
    },
  };
}

/** Compiles the entry; returns the hash of what it was compiled from. */
async function compile() {
  const esbuild = await import('esbuild');
  // Without a lock file, every run compiles again.
  const files = readInputs([]) ?? new Map();
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcemap: 'linked',
    plugins: [recordInputs(files)],
    splitting: true,
    outdir: folder,
    entryNames: name,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    write: false,
    logLevel: 'warning',
    // The module runs from the cache folder but stands for the entry: paths it works out from itself stay right.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
    // Packages written as CommonJS require Node's own modules, and only those: every package is bundled. One asked
    // for by name at run time is not (js-yaml, under gray-matter, tries esprima for a YAML type bulletin never
    // reads: loading it took ~15 ms of every build's start), and is refused, as a missing optional package is.
    banner: { js: REQUIRE_BUILTINS_ONLY },
  });
  const inputs = [...files.keys()].filter((path) => !ALWAYS.includes(path)).sort();
  await mkdir(join(folder, CHUNKS), { recursive: true });
  // Through a temporary name and a rename: another build starting meanwhile sees the old files or the new, whole;
  // the chunks first, so that no entry is ever there without what it imports.
  const chunkFolder = join(folder, CHUNKS) + sep;
  const chunks = result.outputFiles.filter((file) => file.path.startsWith(chunkFolder));
  for (const file of chunks) await replace(file.path, file.contents);
  for (const file of result.outputFiles) if (!chunks.includes(file)) await replace(file.path, file.contents);
  const hash = hashOf(files, esbuild.version);
  const replaced = await readRecord(record);
  const chunkNames = chunks.map((file) => file.path.slice(chunkFolder.length)).sort();
  await replace(record, JSON.stringify({ esbuild: esbuild.version, hash, inputs, entry, chunks: chunkNames, previousChunks: replaced?.chunks ?? [] }));
  await removeUnused();
  return hash;
}

/**
 * Removes the compiled modules of entries that are gone (a checkout removed, a worktree among them) or that were
 * compiled before records named their entry (such a module would be compiled again anyway: this launcher's bytes
 * were not in its hash), then the chunks no remaining record names: each compile writes new ones. A record keeps the
 * chunks of the module it replaced too, for a run that loaded that module a moment before and has yet to import
 * them; and a chunk written in the last minutes is left, as another entry's compile may have written it and not its
 * record yet.
 */
async function removeUnused() {
  const names = await readdir(folder);
  /** @type {Set<string>} */
  const used = new Set();
  for (const name of names.filter((file) => file.endsWith('.json'))) {
    const saved = await readRecord(join(folder, name));
    // Records are written whole (through a rename): one that does not read is no record of this launcher's, and is left.
    if (saved === undefined) continue;
    if (saved.entry === undefined || !(await stat(saved.entry).then(() => true, () => false))) {
      const base = join(folder, name.slice(0, -'.json'.length));
      for (const file of [`${base}.mjs`, `${base}.mjs.map`, `${base}.json`]) await rm(file, { force: true });
      continue;
    }
    for (const chunk of [...(saved.chunks ?? []), ...(saved.previousChunks ?? [])]) used.add(chunk);
  }
  for (const chunk of await readdir(join(folder, CHUNKS))) {
    const path = join(folder, CHUNKS, chunk);
    const written = await stat(path).then((stats) => stats.mtimeMs, () => undefined);
    if (used.has(chunk) || written === undefined || Date.now() - written < UNUSED_CHUNK_MS) continue;
    await rm(path, { force: true });
  }
}

/**
 * @param {string} file
 * @param {string | Uint8Array} contents
 */
async function replace(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}

const code = (await currentHash()) ?? (await compile());
// What the code that runs is, for the build cache's fingerprint (src/site/builder.ts's buildSettings): the hash of
// every file compiled into it, made just now, so the build need not read and hash src/ again (~20 ms).
process.env['BULLETIN_BUILD_CODE'] = code;
// Source maps are written, not loaded (60 ms at every start): `node --enable-source-maps` has stack traces name
// the TypeScript files and lines.
if (!compileOnly) await import(pathToFileURL(output).href);
