/** `npm run admin -- <command>` (and `npx award-workflow`, through bin.cjs): the admin CLI's entry. */
import { runCli } from './main';

// The SDK's notice about its future Node 22 floor is noise for an operator on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli reports its own failures; this is only a last guard against a bug, still without a trace.
    process.stderr.write(`오류 (error): ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
