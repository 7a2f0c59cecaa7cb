import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { start, stop } from '../../../bench/processes';

/** A child that answers SIGTERM by writing `file` a little later, as valgrind writes its profile, then exiting; or not exiting at all. */
function startChild(file: string, onTerm: 'write and exit' | 'ignore') {
  const handler = onTerm === 'ignore'
    ? `() => {}`
    : `() => setTimeout(() => { require('node:fs').writeFileSync(${JSON.stringify(file)}, 'profile'); process.exit(0); }, 300)`;
  const child = start(process.execPath, ['-e', `process.on('SIGTERM', ${handler}); console.log('ready'); setInterval(() => {}, 1000);`]);
  return new Promise<typeof child>((resolve) => child.stdout!.once('data', () => resolve(child)));
}

describe('stop', () => {
  it('resolves once the child has exited, after what it writes as it ends', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'bulletin-stop-')), 'callgrind.out');
    const child = await startChild(file, 'write and exit');
    await stop(child);
    expect(existsSync(file)).toBe(true);
    expect(child.exitCode).toBe(0);
  });

  it('kills a child that does not end on SIGTERM once its grace is over', async () => {
    const child = await startChild('', 'ignore');
    await stop(child, 200);
    expect(child.signalCode).toBe('SIGKILL');
  });
});
