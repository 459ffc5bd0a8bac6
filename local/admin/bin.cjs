#!/usr/bin/env node
// `npx award-workflow <command>`: runs the TypeScript entry (cli.ts) through tsx, as
// `npm run admin -- <command>` does with `node --import tsx`; no build step.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs/api').register();
require('./cli.ts');
