import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/build-command';

/**
 * A project of its own with the launcher in scripts/, an entry that prints what it imports, and esbuild; its
 * node_modules is `shared`'s when given, as git worktrees may share one.
 */
async function makeProject(value = 'first', shared?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'bulletin-compiled-'));
  await mkdir(join(dir, 'scripts'));
  await mkdir(join(dir, 'src'));
  if (shared === undefined) {
    await mkdir(join(dir, 'node_modules'));
    await symlink(join(ROOT, 'node_modules/esbuild'), join(dir, 'node_modules/esbuild'));
  } else {
    await symlink(join(shared, 'node_modules'), join(dir, 'node_modules'));
  }
  await copyFile(join(ROOT, 'scripts/compiled.mjs'), join(dir, 'scripts/compiled.mjs'));
  await writeFile(join(dir, 'package-lock.json'), '{}\n');
  await writeFile(join(dir, 'src/value.ts'), `export const value: string = '${value}';\n`);
  await writeFile(join(dir, 'src/later.ts'), "export const later: string = 'imported later';\n");
  await writeFile(
    join(dir, 'scripts/main.ts'),
    [
      "import { value } from '../src/value';",
      "const later = process.argv[2] === 'later' ? (await import('../src/later')).later : undefined;",
      'console.log(JSON.stringify({ value, later, url: import.meta.url, args: process.argv.slice(2), code: process.env.BULLETIN_BUILD_CODE }));',
      '',
    ].join('\n'),
  );
  // Named by the entry's absolute path (as the launcher resolves it), whoever else shares the node_modules.
  const suffix = createHash('sha256').update(join(await realpath(dir), 'scripts/main.ts')).digest('hex').slice(0, 12);
  const compiled = join(dir, `node_modules/.cache/bulletin/compiled/scripts-main-ts-${suffix}.mjs`);
  const chunks = join(dir, 'node_modules/.cache/bulletin/compiled/chunks');
  const run = (...args: string[]) => spawnSync(process.execPath, ['scripts/compiled.mjs', ...args], { cwd: dir, encoding: 'utf8' });
  return { dir, compiled, chunks, run };
}

describe('scripts/compiled.mjs', () => {
  it('runs the entry with its arguments, as if from its own place', async () => {
    const { dir, run } = await makeProject();
    const result = run('scripts/main.ts', '--flag', 'x');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ value: 'first', url: pathToFileURL(join(dir, 'scripts/main.ts')).href, args: ['--flag', 'x'], code: expect.stringMatching(/^[0-9a-f]{64}$/) });
  }, 30_000);

  it('compiles once, and again only after a file it was compiled from, or the lock file, changed', async () => {
    const { dir, compiled, run } = await makeProject();
    // The hash of what it was compiled from reaches the entry (the build cache's fingerprint), the same until a file changes.
    const firstCode = JSON.parse(run('scripts/main.ts').stdout).code;
    const first = (await stat(compiled)).mtimeMs;
    expect(JSON.parse(run('scripts/main.ts').stdout)).toMatchObject({ value: 'first', code: firstCode });
    expect((await stat(compiled)).mtimeMs).toBe(first);

    await writeFile(join(dir, 'src/value.ts'), "export const value: string = 'second';\n");
    const edited = JSON.parse(run('scripts/main.ts').stdout);
    expect(edited.value).toBe('second');
    expect(edited.code).not.toBe(firstCode);
    const second = (await stat(compiled)).mtimeMs;
    expect(second).not.toBe(first);

    await writeFile(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
    run('scripts/main.ts');
    expect((await stat(compiled)).mtimeMs).not.toBe(second);
  }, 30_000);

  it('lets bundled packages require Node\'s own modules at run time, and refuses any other, as one not installed', async () => {
    const { dir, run } = await makeProject();
    // As js-yaml asks for esprima: by a name only known when it runs, inside a try.
    await mkdir(join(dir, 'node_modules/probe'));
    await writeFile(
      join(dir, 'node_modules/probe/index.js'),
      "var optional;\ntry { var load = require; optional = load('probe-optional'); } catch (error) { optional = error.code; }\nmodule.exports = { optional: optional, sep: require('path').sep };\n",
    );
    await mkdir(join(dir, 'node_modules/probe-optional'));
    await writeFile(join(dir, 'node_modules/probe-optional/index.js'), "module.exports = 'loaded';\n");
    await writeFile(join(dir, 'scripts/probe.ts'), "import probe from 'probe';\nconsole.log(JSON.stringify(probe));\n");
    const result = run('scripts/probe.ts');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ optional: 'MODULE_NOT_FOUND', sep: '/' });
  }, 30_000);

  it('compiles what the entry imports with import() apart, loaded only when that import() runs', async () => {
    const { compiled, run } = await makeProject();
    expect(JSON.parse(run('scripts/main.ts', 'later').stdout).later).toBe('imported later');
    expect(JSON.parse(run('scripts/main.ts').stdout).later).toBeUndefined();
    expect(await readFile(compiled, 'utf8')).not.toContain('imported later');
  }, 30_000);

  it('removes the chunks no compiled module uses, but not those of the module compiled just before', async () => {
    const { dir, chunks, run } = await makeProject();
    const laterChunks = async () => (await readdir(chunks)).filter((name) => name.startsWith('later-') && name.endsWith('.mjs'));
    const compileWith = async (text: string) => {
      await writeFile(join(dir, 'src/later.ts'), `export const later: string = '${text}';\n`);
      expect(JSON.parse(run('scripts/main.ts', 'later').stdout).later).toBe(text);
      const names = await readdir(chunks);
      // As if written long ago: a chunk written in the last minutes is left for a compile still under way.
      for (const name of names) await utimes(join(chunks, name), new Date(0), new Date(0));
      return laterChunks();
    };
    const [first] = await compileWith('one');
    const afterSecond = await compileWith('two');
    const second = afterSecond.find((name) => name !== first);
    expect(afterSecond.sort()).toEqual([first, second].sort());
    const afterThird = await compileWith('three');
    const third = afterThird.find((name) => name !== second);
    expect(third).not.toBe(first);
    expect(afterThird.sort()).toEqual([second, third].sort());
    expect(await readdir(chunks)).not.toContain(`${first}.map`);
  }, 30_000);

  it('compiles again when the launcher itself changed', async () => {
    const { dir, compiled, run } = await makeProject();
    run('scripts/main.ts');
    const first = (await stat(compiled)).mtimeMs;
    run('scripts/main.ts');
    expect((await stat(compiled)).mtimeMs).toBe(first);
    await appendFile(join(dir, 'scripts/compiled.mjs'), '// another way to compile\n');
    run('scripts/main.ts');
    expect((await stat(compiled)).mtimeMs).not.toBe(first);
  }, 30_000);

  it('keeps a compiled module per checkout when checkouts share one node_modules', async () => {
    const first = await makeProject('first');
    const second = await makeProject('second', first.dir);
    expect(JSON.parse(first.run('scripts/main.ts').stdout).value).toBe('first');
    const compiled = (await stat(first.compiled)).mtimeMs;
    expect(JSON.parse(second.run('scripts/main.ts').stdout).value).toBe('second');
    expect(JSON.parse(first.run('scripts/main.ts').stdout).value).toBe('first');
    expect((await stat(first.compiled)).mtimeMs).toBe(compiled);
  }, 30_000);

  it('removes the compiled module of a checkout that is gone when another compiles', async () => {
    const first = await makeProject('first');
    const second = await makeProject('second', first.dir);
    first.run('scripts/main.ts');
    second.run('scripts/main.ts');
    const folder = join(first.dir, 'node_modules/.cache/bulletin/compiled');
    const secondFiles = ['.mjs', '.mjs.map', '.json'].map((extension) => basename(second.compiled).replace(/\.mjs$/, extension));
    expect(await readdir(folder)).toEqual(expect.arrayContaining(secondFiles));
    await rm(second.dir, { recursive: true });
    await writeFile(join(first.dir, 'src/value.ts'), "export const value: string = 'edited';\n");
    expect(JSON.parse(first.run('scripts/main.ts').stdout).value).toBe('edited');
    const left = await readdir(folder);
    for (const file of secondFiles) expect(left).not.toContain(file);
    expect(left).toContain(basename(first.compiled));
  }, 30_000);

  it('with --compile, brings the compiled module up to date without running it', async () => {
    const { compiled, run } = await makeProject();
    const result = run('--compile', 'scripts/main.ts');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect((await stat(compiled)).isFile()).toBe(true);
  }, 30_000);

  it('fails naming the file and line that does not compile', async () => {
    const { dir, run } = await makeProject();
    await writeFile(join(dir, 'src/value.ts'), "export const value: string = 'unterminated;\n");
    const result = run('scripts/main.ts');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/src\/value\.ts:1:\d+/);
  }, 30_000);
});
