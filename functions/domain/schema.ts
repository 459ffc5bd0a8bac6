/**
 * zod/mini (tree-shakable), for the workflow's task events only (zod's short default text). The
 * nomination rules (validation.ts) and configuration and environment (domain/check.ts) are checked
 * without it, which keeps zod out of the web and review bundles. Import it as a namespace
 * (`import * as z from './schema'`) so bundlers keep only what is used.
 */
export * from 'zod/mini';
