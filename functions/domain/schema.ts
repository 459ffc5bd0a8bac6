/**
 * The one zod every module uses: zod/mini (tree-shakable; ~30 KB of zod in a bundle instead
 * of ~384 KB). Our own messages are Korean and set per check; the few that are not ours
 * (configuration errors, malformed task events) keep zod's short default text: the English
 * locale would cost every bundle ~3 KB. Import it as a namespace (`import * as z from './schema'`)
 * so bundlers keep only what is used.
 */
export * from 'zod/mini';
