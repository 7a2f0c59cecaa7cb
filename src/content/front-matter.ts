/** @module Front matter: YAML only, through gray-matter, with the line of every key kept for error messages. */

import matter from 'gray-matter';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
// zod/mini: the same checks as zod's classic API in a twentieth of its code, which every build loads (~30 ms a start).
import * as z from 'zod/mini';
import { stripUnsafeDeep } from './characters';
import { type PlainYaml, readPlainYaml } from './plain-yaml';
import { describe, type Problem } from './problems';
import { isSlug } from './slug';

const text = z.string().check(z.trim(), z.minLength(1));

/** Every field a seed may set. Its inferred type is what the rest of the build reads. */
export const frontMatterSchema = z.partial(z.object({
  title: text,
  date: text,
  updated: text,
  author: text,
  summary: text,
  tags: z.union([text, z.array(text)]),
  image: z.url({ protocol: /^https?$/ }),
  image_alt: z.string().check(z.trim()),
  caption: text,
  credit: text,
  slug: z.string().check(z.refine(isSlug)),
  id: z.string().check(z.regex(/^[a-z][a-z0-9+.-]*:\S+$/i)),
  lang: z.string().check(z.regex(/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i)),
  draft: z.boolean(),
}));

export type FrontMatter = z.infer<typeof frontMatterSchema>;

const FIELDS = Object.keys(frontMatterSchema.shape) as (keyof FrontMatter)[];

/** What each field must be, as said in error messages. */
const EXPECTED: Record<keyof FrontMatter, string> = {
  title: 'non-empty text',
  date: 'a date (2026-01-28) or a date-time with an offset (2026-01-28T09:30:00+02:00)',
  updated: 'a date (2026-01-28) or a date-time with an offset (2026-01-28T09:30:00+02:00)',
  author: 'non-empty text',
  summary: 'non-empty text',
  tags: 'a list of tags (tags: [news, syria]) or one tag',
  image: 'an absolute http(s) URL',
  image_alt: 'text describing the image',
  caption: 'non-empty text',
  credit: 'non-empty text',
  slug: 'lower-case letters and digits joined by single hyphens (my-article-2)',
  id: 'an absolute URI such as urn:uuid:… or tag:example.com,2026:…',
  lang: 'a language tag such as en or pt-BR',
  draft: 'true or false',
};

export interface FrontMatterReading {
  readonly data: FrontMatter;
  /** The text after the front matter, and the file line it starts on. */
  readonly content: string;
  readonly contentLine: number;
  /** File line of each key, for messages about fields found later. */
  readonly lines: ReadonlyMap<string, number>;
  readonly problems: readonly Problem[];
}

class NotYaml extends Error {}
const refuse = () => {
  throw new NotYaml('front matter must be YAML');
};

/** Levenshtein distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

function suggest(key: string): string {
  const near = FIELDS.map((field) => ({ field, d: distance(key.toLowerCase(), field) })).sort((x, y) => x.d - y.d)[0];
  const hint = near && near.d <= 2 ? `; did you mean "${near.field}"?` : '';
  return `is not a field bulletin knows (fields: ${FIELDS.join(', ')})${hint}`;
}

/** The offset past one \r and then one \n at `offset`, where either is. */
function afterLineBreak(text: string, offset: number): number {
  const afterCr = text[offset] === '\r' ? offset + 1 : offset;
  return text[afterCr] === '\n' ? afterCr + 1 : afterCr;
}

/**
 * Splits off and validates the front matter of `source` (BOM removed, `\n` line ends). A file without
 * front matter reads as empty data. Every problem is reported; fields with problems are left out of `data`.
 */
export function readFrontMatter(source: string, file: string): FrontMatterReading {
  const problems: Problem[] = [];
  const lines = new Map<string, number>();
  const error = (field: string | undefined, line: number | undefined, message: string) =>
    problems.push({ file, ...(line === undefined ? {} : { line }), ...(field === undefined ? {} : { field }), message, severity: 'error' });

  if (!/^---[ \t]*\n/.test(source) && !/^---[a-z]+\n/i.test(source)) {
    return { data: {}, content: source, contentLine: 1, lines, problems };
  }
  // Front matter in the usual shape is read without the yaml package, many times slower on it (see plain-yaml.ts).
  let plain: PlainYaml | undefined;
  let document: ReturnType<typeof parseDocument> | undefined;
  let counter = new LineCounter();
  // gray-matter is given the front matter through the line break after its closing `---` only, and the rest of
  // the file is added back to the content it returns. It finds that end at the first "\n---", as here, and leaves
  // out one \r and one \n after it. Given a whole file, it looked the file up in its cache by its text and copied
  // it into a Buffer: ~0.4 s for 10k articles, for nothing.
  const close = source.indexOf('\n---', 3);
  const matterText = close === -1 ? source : source.slice(0, afterLineBreak(source, close + 4));
  let parsed: ReturnType<typeof matter>;
  try {
    parsed = matter(matterText, {
      engines: {
        yaml: (yaml: string) => {
          plain = readPlainYaml(yaml);
          // Escapes (`"\0"`, `"\uD800"`) can spell characters pages and feeds cannot carry; the file's raw ones are gone already.
          if (plain) return stripUnsafeDeep(plain.data) ?? {};
          counter = new LineCounter();
          // The core schema keeps dates as text: the build reads them in the site's time zone itself.
          document = parseDocument(yaml, { lineCounter: counter, schema: 'core', uniqueKeys: true, prettyErrors: false });
          return document.errors.length ? {} : (stripUnsafeDeep(document.toJS({ maxAliasCount: 100 })) ?? {});
        },
        javascript: refuse, js: refuse, json: refuse, coffee: refuse, cson: refuse,
      },
    });
  } catch (cause) {
    const reason = cause instanceof NotYaml ? 'must be YAML (--- on the first line, no language after it)' : String(cause);
    error('front matter', 1, reason);
    return { data: {}, content: '', contentLine: 1, lines, problems };
  }
  if (close === -1) error('front matter', 1, 'has no closing "---" line');
  const content = parsed.content + source.slice(matterText.length);
  // gray-matter hands over the text from just after the opening `---`, so YAML lines are file lines.
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : counter.linePos(offset).line);

  for (const yamlError of document?.errors ?? []) {
    error('front matter', lineOf(yamlError.pos[0]), `is not valid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const contentLine = source.slice(0, source.length - content.length).split('\n').length;
  if (document?.errors.length) return { data: {}, content, contentLine, lines, problems };

  const root = document?.contents;
  if (root !== null && root !== undefined && !isMap(root)) {
    error('front matter', lineOf(root.range?.[0]), `must be a mapping of field: value lines (got ${describe(parsed.data)})`);
    return { data: {}, content, contentLine, lines, problems };
  }
  for (const pair of isMap(root) ? root.items : []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    lines.set(key, lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? 2);
  }
  for (const [key, line] of plain?.lines ?? []) lines.set(key, line);

  const raw = parsed.data as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(FIELDS as string[]).includes(key)) {
      error(key, lines.get(key), suggest(key));
      continue;
    }
    const field = key as keyof FrontMatter;
    // `key:` with nothing after it is null in YAML: the same as leaving the field out.
    if (value === null) continue;
    const result = frontMatterSchema.shape[field].safeParse(value);
    if (result.success) data[field] = result.data;
    else error(field, lines.get(field), `must be ${EXPECTED[field]} (got ${describe(value)})`);
  }
  return { data: data as FrontMatter, content, contentLine, lines, problems };
}
