/** @module Worker entry: the app over the content bundle `npm run build` generated from seeds/. */

import { createApp } from './app';
import { bundle } from './generated/site';

export default createApp(bundle);
