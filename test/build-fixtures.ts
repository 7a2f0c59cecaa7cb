/**
 * @module `npm test` runs this before type-checking: the Workers-runtime tests import the fixture bundles, so
 * they must exist before tsc reads those imports. vitest's globalSetup builds them again for `npx vitest`.
 */

import setup from './global-setup';

await setup();
