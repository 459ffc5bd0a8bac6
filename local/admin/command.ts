/** The shape of one admin command: an entry of the command table (commands/index.ts). */
import type { AdminData } from './data';
import type { Progress } from './progress';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder in help, e.g. `<year>` (string options). */
  readonly value?: string;
  /** Korean, then English in parentheses. */
  readonly description: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
}

export interface CommandContext {
  /** The command's options as parsed (globals included: json, aws, local). */
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  /** The positional arguments, as many as the command declares. */
  readonly args: readonly string[];
  readonly json: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The target's data access, resolved and opened on first use (local stack or AWS). */
  data(): Promise<AdminData>;
  /** Asks on the terminal; throws a `refused` CliError when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean>;
  /** A progress bar on stderr (inactive unless stderr is a terminal). */
  progress(label: string): Progress;
  now(): Date;
}

export interface CommandResult {
  /** What `--json` prints (one JSON document). */
  readonly data: unknown;
  /** What is printed otherwise. */
  readonly text: string;
}

export interface Command {
  /** One line for the command list (Korean, then English). */
  readonly summary: string;
  /** More lines for `<command> --help`. */
  readonly description?: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  readonly examples?: readonly string[];
  run(context: CommandContext): Promise<CommandResult>;
}
