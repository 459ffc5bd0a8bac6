/**
 * The one zod every module uses: zod/mini (tree-shakable; ~30 KB of zod in a bundle instead
 * of ~384 KB), for the nomination rules (validation.ts, Korean messages set per check) and task
 * events (zod's short default text). Configuration and environment are checked without zod
 * (adapters/config-check.ts), which keeps it out of the approvers' bundle. Import it as a
 * namespace (`import * as z from './schema'`) so bundlers keep only what is used.
 */
export * from 'zod/mini';
