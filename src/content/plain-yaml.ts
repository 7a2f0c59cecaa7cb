/**
 * @module Front matter in the shape nearly every seed has, read without the yaml package: one `field: value` line
 * per field, each value plain, quoted without escapes, or a one-line list of those. The yaml package spends
 * ~70 µs on such a block (its parser is general: 1.7 s of a cold 10k-article build); this reads it in a few.
 * Anything else, however ordinary for YAML, is left to the yaml package: `readPlainYaml` answers undefined.
 * What it does answer must be what the yaml package (core schema) reads, to the character and the line:
 * test/build/content/plain-yaml.test.ts compares the two on generated front matter.
 */

export interface PlainYaml {
  /** The mapping, as the yaml package's `toJS` gives it. */
  readonly data: Record<string, unknown>;
  /** The 1-based line of each key in the text given. */
  readonly lines: ReadonlyMap<string, number>;
}

/** `field: value`, the key at the start of the line; the value may be empty. */
const PAIR = /^([a-z][a-z0-9_]{0,63}):(?: +(.*))?$/i;
/** A value's trailing comment: whitespace, then `#` to the end of the line. */
const COMMENT = / +#.*$/;
const DOUBLE_QUOTED = /^"([^"\\]*)" *$/;
const SINGLE_QUOTED = /^'([^']*)' *$/;
const FLOW_LIST = /^\[([^[\]{}]*)\] *$/;
/** Characters that give a plain scalar's first character a meaning, or that end it early somewhere. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Where the yaml package would see a mapping inside the value, or a comment. */
const INSIDE_PLAIN = /: |:$| #/;
/** Inside a flow list, `:`, `#`, brackets, braces and quotes all mean something. */
const INSIDE_FLOW_PLAIN = /[:#[\]{}"']/;
/** Plain scalars the core schema reads as something other than a string, beside the booleans read below. */
const NOT_A_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
];
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Characters the yaml package may treat otherwise than as text: tabs, CR and other controls, BOM, line separators, lone surrogates. */
const AWKWARD = /[\t\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Reads `yaml` when it is plain front matter (see the module), else undefined. */
export function readPlainYaml(yaml: string): PlainYaml | undefined {
  if (AWKWARD.test(yaml)) return undefined;
  const data: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  const rows = yaml.split('\n');
  for (const [index, row] of rows.entries()) {
    if (row.trim() === '' || row.startsWith('#')) continue;
    const pair = PAIR.exec(row);
    if (!pair) return undefined;
    const key = pair[1]!;
    if (lines.has(key) || BOOLEAN.test(key) || NOT_A_STRING[0]!.test(key)) return undefined;
    const value = readValue(pair[2] ?? '');
    if (value === undefined) return undefined;
    data[key] = value.value;
    lines.set(key, index + 1);
  }
  return { data, lines };
}

/** A block value on one line; undefined when it is not one this module reads. */
function readValue(text: string): { value: unknown } | undefined {
  if (text === '') return { value: null };
  // Cut at the first ` #`, even inside quotes: such a value no longer reads here and goes to the yaml package.
  const uncommented = text.replace(COMMENT, '');
  const quoted = DOUBLE_QUOTED.exec(uncommented) ?? SINGLE_QUOTED.exec(uncommented);
  if (quoted) return { value: quoted[1] };
  const list = FLOW_LIST.exec(uncommented);
  if (list) return readFlowList(list[1]!);
  const plain = uncommented.trimEnd();
  if (INDICATOR_START.test(plain) || INSIDE_PLAIN.test(plain)) return undefined;
  return readPlainScalar(plain);
}

function readFlowList(inside: string): { value: unknown[] } | undefined {
  if (inside.trim() === '') return { value: [] };
  const items: unknown[] = [];
  for (const part of inside.split(',')) {
    const item = part.trim();
    const quoted = DOUBLE_QUOTED.exec(item) ?? SINGLE_QUOTED.exec(item);
    if (quoted) {
      items.push(quoted[1]);
      continue;
    }
    if (item === '' || INDICATOR_START.test(item) || INSIDE_FLOW_PLAIN.test(item)) return undefined;
    const scalar = readPlainScalar(item);
    if (scalar === undefined) return undefined;
    items.push(scalar.value);
  }
  return { value: items };
}

/** A plain scalar as the core schema resolves it: booleans and strings here, numbers and nulls left to yaml. */
function readPlainScalar(text: string): { value: string | boolean } | undefined {
  if (BOOLEAN.test(text)) return { value: text.toLowerCase() === 'true' };
  if (NOT_A_STRING.some((pattern) => pattern.test(text))) return undefined;
  return { value: text };
}
