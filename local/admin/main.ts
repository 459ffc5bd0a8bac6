/**
 * One run of the admin CLI: parse, find the command in the table, resolve the target on first use,
 * run, print (text, or one JSON document with `--json`), and turn every failure into a message and
 * an exit code (0 / 1 / 2). No stack traces reach the user (ADMIN_DEBUG=1 prints them to stderr).
 */
import { createInterface } from 'node:readline/promises';
import { commandHelp, generalHelp, parseCommandLine } from './args';
import type { Command, CommandContext } from './command';
import { COMMANDS } from './commands';
import { type AdminData, openAdminData } from './data';
import { type CliError, EXIT, refused, toCliError } from './errors';
import { toJson } from './format';
import { createProgress, type ProgressStream } from './progress';
import { resolveTarget, type Target, type TargetChoice } from './target';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliDependencies {
  readonly commands?: Readonly<Record<string, Command>>;
  readonly resolveTarget?: (choice: TargetChoice, env: CliIo['env']) => Promise<Target>;
  readonly openData?: (target: Target) => AdminData;
  readonly now?: () => Date;
}

async function ask(io: CliIo, question: string): Promise<boolean> {
  if (!io.stdin?.isTTY || !io.stderr.isTTY) {
    throw refused(
      '확인이 필요하지만 터미널이 아니어서 물어볼 수 없습니다. --yes를 붙이세요 ' +
        '(confirmation needed and no terminal to ask on: add --yes).',
    );
  }
  const abort = new AbortController();
  const prompt = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  prompt.once('SIGINT', () => abort.abort());
  try {
    const answer = await prompt.question(question, { signal: abort.signal });
    return /^(y|yes|예|네|ㅇ)$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    prompt.close();
  }
}

function report(io: CliIo, error: CliError, json: boolean): number {
  io.stderr.write(`오류 (error): ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
  if (json) io.stdout.write(toJson({ error: { code: error.code, message: error.message } }));
  return error.exitCode;
}

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  deps: CliDependencies = {},
): Promise<number> {
  const commands = deps.commands ?? COMMANDS;
  const json = argv.includes('--json');
  let data: Promise<AdminData> | undefined;
  try {
    const parsed = parseCommandLine(argv, commands);
    if (parsed.kind === 'general-help') {
      // A bare invocation is a usage mistake (exit 2, on stderr); `--help` is an answer (exit 0).
      if (!parsed.requested) {
        io.stderr.write(generalHelp(commands));
        return EXIT.usage;
      }
      io.stdout.write(generalHelp(commands));
      return EXIT.ok;
    }
    if (parsed.kind === 'command-help') {
      io.stdout.write(commandHelp(parsed.name, commands[parsed.name] as Command));
      return EXIT.ok;
    }
    const command = commands[parsed.name] as Command;
    const choice = { aws: parsed.options.aws === true, local: parsed.options.local === true };
    const context: CommandContext = {
      options: parsed.options,
      args: parsed.args,
      json: parsed.json,
      env: io.env,
      data: () => {
        data ??= (deps.resolveTarget ?? resolveTarget)(choice, io.env).then(deps.openData ?? openAdminData);
        return data;
      },
      confirm: (question) => ask(io, question),
      progress: (label) => createProgress(io.stderr, label),
      now: deps.now ?? (() => new Date()),
    };
    const result = await command.run(context);
    io.stdout.write(parsed.json ? toJson(result.data) : result.text);
    return EXIT.ok;
  } catch (error) {
    if (io.env.ADMIN_DEBUG && error instanceof Error) io.stderr.write(`${error.stack ?? error.message}\n`);
    return report(io, toCliError(error), json);
  } finally {
    if (data) await data.then((opened) => opened.close()).catch(() => undefined);
  }
}
