/** @module How a photo credit is worded, on pages and in feeds alike. */

/** Seeds give bare credits ("SANA"); some already say what they credit ("Photo: AP"). */
export function creditLine(credit: string): string {
  return /^(?:photo|picture|image|credit|courtesy)\b/i.test(credit) ? credit : `Photo: ${credit}`;
}
