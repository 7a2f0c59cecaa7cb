/** @module Language attributes for pages whose content language may differ from the site's. */

// Scripts written right to left; Intl.Locale#getTextInfo is not in every Node 20 release, so name them.
const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku-arab', 'ps', 'sd', 'ug', 'ur', 'yi']);

export function textDirection(lang: string): 'ltr' | 'rtl' {
  const tag = lang.toLowerCase();
  const primary = tag.split('-')[0] ?? tag;
  return RIGHT_TO_LEFT.has(primary) || tag.includes('-arab') || tag.includes('-hebr') ? 'rtl' : 'ltr';
}

/**
 * Open Graph wants `language_TERRITORY` (`en_US`); a bare language gets its likeliest territory from
 * CLDR, so `en` → `en_US` and `ar` → `ar_EG`. Tags Intl cannot read are passed through with `_`.
 */
export function openGraphLocale(lang: string): string {
  let locale = openGraphLocales.get(lang);
  if (locale === undefined) openGraphLocales.set(lang, (locale = readOpenGraphLocale(lang)));
  return locale;
}

/** By language tag: every page asks, and a site has few languages. */
const openGraphLocales = new Map<string, string>();

function readOpenGraphLocale(lang: string): string {
  try {
    const locale = new Intl.Locale(lang).maximize();
    return locale.region === undefined ? locale.language : `${locale.language}_${locale.region}`;
  } catch {
    return lang.replace(/-/g, '_');
  }
}

/** `lang` and `dir` for content in `lang` inside content in `surrounding`; nothing when they are the same. */
export function languageAttributes(lang: string, surrounding: string): { lang?: string; dir?: 'ltr' | 'rtl' } {
  return lang === surrounding ? {} : { lang, dir: textDirection(lang) };
}
