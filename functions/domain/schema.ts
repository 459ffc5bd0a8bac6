import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * The one zod every module uses: zod/mini (tree-shakable; ~30 KB of zod in a bundle instead
 * of ~384 KB) with full zod's English fallback messages, for the few messages that are not ours
 * (configuration errors, malformed task events, a body that is not an object).
 * Import it as a namespace (`import * as z from './schema'`) so bundlers keep only what is used.
 */
config(en());

export * from 'zod/mini';
