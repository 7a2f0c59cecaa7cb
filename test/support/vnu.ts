/** @module The Nu Html Checker (vnu.jar) over many files in one JVM, for view and hostile-input tests. */

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const VNU_JAR = 'node_modules/vnu-jar/build/dist/vnu.jar';

export interface VnuMessage {
  readonly type: string;
  readonly subType?: string;
  /** The checked file's URL (`file:/tmp/…/index.html`): tests match on its name. */
  readonly url?: string;
  readonly lastLine?: number;
  readonly message: string;
  readonly extract?: string;
}

/**
 * vnu's messages for every file, keyed by file name (`index.html`, `style.css`); CSS is checked too.
 * One JVM for every file: starting Java is most of the cost.
 */
export async function checkWithVnu(files: Readonly<Record<string, string>>): Promise<VnuMessage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bulletin-vnu-'));
  try {
    const names = Object.keys(files);
    await Promise.all(names.map((name) => writeFile(join(dir, name), files[name]!)));
    const { stdout } = await promisify(execFile)(
      'java',
      ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', '--also-check-css', ...names.map((name) => join(dir, name))],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return (JSON.parse(stdout) as { messages: VnuMessage[] }).messages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `name:line: message [extract]` for each error, for assertion messages. */
export function describeVnuErrors(messages: readonly VnuMessage[], suffix = ''): string[] {
  return messages
    .filter((message) => message.type === 'error' && (message.url ?? '').endsWith(suffix))
    .map((message) => `${message.url?.split('/').pop()}:${message.lastLine}: ${message.message} [${message.extract ?? ''}]`);
}
