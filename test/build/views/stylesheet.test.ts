import { describe, expect, it } from 'vitest';
import { STYLESHEET } from '../../../src/views';
import { PALETTES, type Palette } from '../../../src/views/stylesheet';

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, bl] = [1, 3, 5].map((at) => {
      const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const TEXT_COLOURS = ['text', 'muted', 'link', 'visited'] as const satisfies readonly (keyof Palette)[];

describe('STYLESHEET', () => {
  describe.each(Object.entries(PALETTES))('the %s palette', (_, palette) => {
    it.each(TEXT_COLOURS.flatMap((fg) => (['background', 'surface'] as const).map((bg) => [fg, bg] as const)))(
      'has %s on %s at 4.5:1 or better',
      (fg, bg) => {
        expect(contrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(4.5);
      },
    );

    it('has a focus ring at 3:1 or better against the background', () => {
      expect(contrast(palette.focus, palette.background)).toBeGreaterThanOrEqual(3);
    });
  });

  it('switches palette for dark mode and has print styles', () => {
    expect(STYLESHEET).toContain('@media (prefers-color-scheme: dark)');
    expect(STYLESHEET).toContain(`--background: ${PALETTES.dark.background};`);
    expect(STYLESHEET).toContain('@media print');
  });

  it('keeps text to a readable measure in the system font', () => {
    expect(STYLESHEET).toContain('--measure: 65ch;');
    expect(STYLESHEET).toMatch(/font-family: var\(--sans\)/);
    expect(STYLESHEET).toMatch(/--sans: system-ui/);
  });

  it('lines the header, main and footer up in one column', () => {
    // Their max-width is in ch, which each resolves at its own font size: one of them with a font size of its own
    // would be narrower or wider than the others (the footer, at 1rem, once stood 2.5rem in from each side).
    const column = ['.site-header', 'main', '.site-footer'];
    const uncommented = STYLESHEET.replace(/\/\*[\s\S]*?\*\//g, '');
    const rules = [...uncommented.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selectors, body]) => ({
      selectors: selectors!.split(',').map((selector) => selector.trim()),
      body: body!,
    }));
    const sized = rules.filter(({ selectors, body }) => selectors.some((s) => column.includes(s)) && /(^|[\s;])font-size\s*:/.test(body));
    expect(sized.map(({ selectors }) => selectors.join(', '))).toEqual([]);
    expect(rules.some(({ selectors, body }) => column.every((s) => selectors.includes(s)) && body.includes('max-width: var(--measure)'))).toBe(true);
  });

  it('shows a visible focus outline and underlines links', () => {
    expect(STYLESHEET).toMatch(/:focus-visible \{ outline: 3px solid/);
    expect(STYLESHEET).toMatch(/\ba \{[^}]*text-decoration: underline/);
  });

  it('loads nothing from elsewhere (fonts, images, imports)', () => {
    expect(STYLESHEET).not.toMatch(/@import|url\(|@font-face/);
  });
});
