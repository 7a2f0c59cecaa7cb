/** @module Checks for hostile-input tests: live script in HTML (parsed, not pattern-matched), strict XML, and a seeds-to-bundle build. */

import { XMLValidator } from 'fast-xml-parser';
import { DomUtils, parseDocument, Parser } from 'htmlparser2';
import type { Article } from '../../../src/content/article';
import { byNewest } from '../../../src/content/build';
import { formatProblem } from '../../../src/content/problems';
import { readSeed, type SeedReading } from '../../../src/content/seed';
import { buildBundle, bundleTexts } from '../../../src/site/build-bundle';
import { documentText, type SiteBundle } from '../../../src/site/bundle';
import { makeConfig } from '../../factories';

/** The instant every hostile build is made at: fixed, so scheduled articles fall the same way every run. */
export const BUILD_TIME = new Date('2026-06-01T00:00:00Z');

/** Elements that run, load or embed something, or retarget the page: none belongs in bulletin's output. */
const ACTIVE_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'form', 'portal', 'style']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'background', 'xlink:href', 'srcset', 'cite', 'manifest']);
/** What a browser reads as a script URL: the scheme after it drops tabs, newlines and leading controls and spaces. */
const SCRIPT_URL = /^(?:javascript|vbscript|livescript):/i;

function schemeOf(value: string): string {
  return value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
}

/**
 * Everything in `html` that could run script, as readable messages ([] when none): a `<script>` that is not
 * JSON-LD holding valid JSON, an `on…` attribute, a script URL, an active element, a meta refresh.
 * Parsed with htmlparser2 (entities decoded as a browser would), plus a byte-level count of `<script` so
 * a parser disagreement cannot hide one.
 */
export function scriptHazards(html: string): string[] {
  const hazards: string[] = [];
  let script: { type: string; text: string } | undefined;
  let dataScripts = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (ACTIVE_ELEMENTS.has(name)) hazards.push(`<${name}> element`);
        if (name === 'script') script = { type: attributes['type'] ?? '', text: '' };
        if (name === 'meta' && attributes['http-equiv'] !== undefined) hazards.push(`<meta http-equiv="${attributes['http-equiv']}">`);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (attribute.startsWith('on')) hazards.push(`${attribute} attribute on <${name}>`);
          if (URL_ATTRIBUTES.has(attribute) && SCRIPT_URL.test(schemeOf(value))) hazards.push(`script URL in ${attribute} of <${name}>: ${value.slice(0, 80)}`);
          if (URL_ATTRIBUTES.has(attribute) && /^data:/i.test(schemeOf(value)) && name !== 'img') hazards.push(`data URL in ${attribute} of <${name}>`);
        }
      },
      ontext(text) {
        if (script !== undefined) script.text += text;
      },
      onclosetag(name) {
        if (name !== 'script' || script === undefined) return;
        if (script.type !== 'application/ld+json') hazards.push(`live <script type="${script.type}">: ${script.text.slice(0, 80)}`);
        else {
          dataScripts++;
          try {
            JSON.parse(script.text);
          } catch (error) {
            hazards.push(`JSON-LD that is not JSON (${String(error)}): ${script.text.slice(0, 80)}`);
          }
        }
        script = undefined;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const opened = html.match(/<script/gi)?.length ?? 0;
  if (opened !== dataScripts) hazards.push(`${opened} "<script" in the bytes, but ${dataScripts} JSON-LD blocks parsed`);
  return hazards;
}

/** The text a reader sees in the first element `name` (`h1`, or `div.article-body` for one of its classes) of `html`. */
export function visibleText(html: string, selector: string): string | undefined {
  const [name, className] = selector.split('.');
  const element = DomUtils.findOne(
    (node) => node.name === name && (className === undefined || (node.attribs['class'] ?? '').split(/\s+/).includes(className)),
    parseDocument(html, { decodeEntities: true }).children,
  );
  return element === null ? undefined : DomUtils.textContent(element);
}

/** Every `href` of `<a>` elements whose text is `text`. */
export function linksWithText(html: string, text: string): string[] {
  return DomUtils.findAll((node) => node.name === 'a' && DomUtils.textContent(node) === text, parseDocument(html).children).map(
    (node) => node.attribs['href'] ?? '',
  );
}

/** Characters XML 1.0 does not allow anywhere in a document. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Why `xml` is not well-formed XML 1.0, or [] when it is: fast-xml-parser's validator, plus the two rules it
 * does not check, characters XML forbids and `]]>` outside a CDATA section. jing (see ../feeds/xml-tools.ts)
 * is the strict judge; this is the fast one, run inside properties so failures shrink.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const valid = XMLValidator.validate(xml);
  if (valid !== true) problems.push(`not well-formed: ${JSON.stringify(valid.err)}`);
  const illegal = NOT_XML.exec(xml);
  if (illegal !== null) problems.push(`character U+${illegal[0].codePointAt(0)!.toString(16).toUpperCase()} at ${illegal.index}`);
  if (xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').includes(']]>')) problems.push('"]]>" outside a CDATA section');
  return problems;
}

export interface Seed {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/**
 * What a problem-free reading promises and a failed one must say: never an error beside an article; at least one
 * error without one; each problem naming the seed's file, a field or a line within the file (but "is empty"), and
 * saying something.
 * [] when the reading keeps those promises.
 */
export function unclearReading(seed: Seed, reading: SeedReading): string[] {
  const complaints: string[] = [];
  const errors = reading.problems.filter((problem) => problem.severity === 'error');
  if (reading.article !== undefined && errors.length > 0) complaints.push('an article and errors together');
  if (reading.article === undefined && errors.length === 0) complaints.push('no article and no error saying why');
  const lines = Buffer.from(seed.bytes).toString('utf8').split(/\r\n?|\n/).length;
  for (const problem of reading.problems) {
    const shown = formatProblem(problem);
    if (problem.file !== seed.file) complaints.push(`names ${problem.file}, not ${seed.file}: ${shown}`);
    if (problem.message.trim() === '') complaints.push(`says nothing: ${shown}`);
    // An empty file is the one error about the whole file, with no line or field to point at.
    const wholeFile = problem.message === 'is empty';
    if (problem.severity === 'error' && problem.field === undefined && problem.line === undefined && !wholeFile) {
      complaints.push(`names no field or line: ${shown}`);
    }
    if (problem.line !== undefined && !(Number.isInteger(problem.line) && problem.line >= 1 && problem.line <= lines)) {
      complaints.push(`line ${problem.line} is outside the file's ${lines} lines: ${shown}`);
    }
  }
  return complaints;
}

/** A document of the bundle as it is served: the first path it is served at, its type and its bytes. */
export interface ServedDocument {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

export interface HostileBuild {
  readonly articles: readonly Article[];
  readonly bundle: SiteBundle;
  /** Every distinct document once. */
  readonly documents: readonly ServedDocument[];
  /** What `path` serves in the first epoch that has it; undefined when none does. */
  readonly bodyAt: (path: string) => string | undefined;
}

/** Reads the seeds and builds what the build would: drafts, failed seeds and later duplicates of a slug or id left out. */
export function buildFromSeeds(seeds: readonly Seed[]): HostileBuild {
  const config = makeConfig();
  const articles: Article[] = [];
  for (const seed of seeds) {
    const { article, draft } = readSeed(seed.file, seed.bytes, config);
    if (article === undefined || draft) continue;
    if (articles.some((other) => other.slug === article.slug || other.id === article.id)) continue;
    articles.push(article);
  }
  articles.sort(byNewest);
  const bundle = bundleTexts(buildBundle(articles, config, BUILD_TIME));
  // The only place these tests read the bundle's storage, which may change shape: everything else reads bodies.
  const bodyOf = (index: number) => documentText(bundle, bundle.documents[index]!);
  const paths = new Map<number, string>();
  for (const epoch of bundle.epochs) {
    for (const [path, index] of Object.entries(epoch.routes)) if (!paths.has(index)) paths.set(index, path);
    if (!paths.has(epoch.notFound)) paths.set(epoch.notFound, '(404)');
  }
  const documents = bundle.documents.map(({ contentType }, index) => ({ path: paths.get(index) ?? `(document ${index})`, contentType, body: bodyOf(index) }));
  const bodyAt = (path: string) => {
    const index = bundle.epochs.map((epoch) => epoch.routes[path]).find((found) => found !== undefined);
    return index === undefined ? undefined : bodyOf(index);
  };
  return { articles, bundle, documents, bodyAt };
}

export function isHtml(document: ServedDocument): boolean {
  return document.contentType.startsWith('text/html');
}

export function isXmlFeed(document: ServedDocument): boolean {
  return /^application\/(?:rss|atom)\+xml/.test(document.contentType);
}

export function isJsonFeed(document: ServedDocument): boolean {
  return document.contentType.startsWith('application/feed+json');
}
