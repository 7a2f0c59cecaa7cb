/** @module What every page needs to know about the site it belongs to. */

import type { SiteConfig } from '../config';

export interface PageContext {
  readonly config: SiteConfig;
  /** Root-relative, fingerprinted URL of STYLESHEET (`/assets/style-3f2a9c1b.css`). */
  readonly stylesheetPath: string;
}
