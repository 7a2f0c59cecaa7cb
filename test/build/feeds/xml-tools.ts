/** @module Test tools for XML: a strict parse, RELAX NG validation with jing, XSLT with xsltproc. */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ATOM_SCHEMA = 'test/schemas/atom.rnc';
/** Any element at all: validating against it checks only that jing's strict XML 1.0 parser accepts the document. */
export const ANY_XML_SCHEMA = 'test/fixtures/feeds/any-element.rnc';

// Elements that may repeat, so a single one is still an array and tests read them one way.
const REPEATED = new Set(['item', 'entry', 'link', 'atom:link', 'category', 'author']);

/** The document as plain objects (untyped: tests assert its shape): attributes as `@name`, text as `#text`, references decoded once. */
export function parseXml(xml: string): any {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // Numeric character references (`&#xD;`) too; named entities are still decoded exactly once.
    htmlEntities: true,
    isArray: (name) => REPEATED.has(name),
  }).parse(xml);
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bulletin-feeds-')), name);
  writeFileSync(path, text);
  return path;
}

/** jing's verdict on `xml` against a RELAX NG compact schema: '' when valid, else its messages. */
export function jing(schema: string, xml: string): string {
  const file = tempFile('document.xml', xml);
  try {
    execFileSync('jing', ['-c', schema, file], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    // Debian's jing script warns on stderr about optional jars it cannot find; only the verdict matters.
    const messages = `${stdout}${stderr}`.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('[warning]'));
    return messages.join('\n').replaceAll(file, 'document.xml') || String(error);
  }
}

/**
 * jing's verdict on many documents at once, keyed like `documents` by file name: one JVM for them all, as
 * starting Java is most of the cost. Only documents with problems appear, each with its messages.
 */
export function jingAll(schema: string, documents: Readonly<Record<string, string>>): Record<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-feeds-'));
  try {
    const names = Object.keys(documents);
    for (const name of names) writeFileSync(join(dir, name), documents[name]!);
    let output = '';
    try {
      execFileSync('jing', ['-c', schema, ...names.map((name) => join(dir, name))], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      output = `${stdout}${stderr}` || String(error);
    }
    const verdicts: Record<string, string[]> = {};
    for (const line of output.split('\n')) {
      if (line.trim() === '' || line.startsWith('[warning]')) continue;
      const name = names.find((candidate) => line.startsWith(`${join(dir, candidate)}:`)) ?? '(jing)';
      (verdicts[name] ??= []).push(line.replace(`${dir}/`, ''));
    }
    return verdicts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** xsltproc's (libxslt's, as in Chromium) output for `xml` transformed by `xsl`. */
export function xsltproc(xsl: string, xml: string): string {
  return execFileSync('xsltproc', [tempFile('feed.xsl', xsl), tempFile('feed.xml', xml)], { encoding: 'utf8', stdio: 'pipe' });
}
