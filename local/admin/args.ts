/**
 * The command line: `[global flags] <command> [arguments] [options]`, parsed with node:util
 * parseArgs against the command's own options plus the global ones. Mistakes are usage errors
 * (exit 2) in Korean and English, each pointing at `--help`.
 */
import { parseArgs } from 'node:util';
import type { Command, OptionSpec } from './command';
import { usageError } from './errors';
import { displayWidth } from './format';

export const PROGRAM = 'npm run admin --';
export const BIN = 'npx award-workflow';

export const GLOBAL_OPTIONS = {
  json: {
    type: 'boolean',
    description: '결과를 JSON 문서 하나로 출력 (print one JSON document, for scripts)',
  },
  aws: {
    type: 'boolean',
    description: 'AWS 계정 대상: 기본 자격 증명·리전, 스택 출력 (target AWS; also when AWS_PROFILE is set)',
  },
  local: { type: 'boolean', description: 'AWS_PROFILE이 있어도 로컬 스택 대상 (target the local stack)' },
  help: { type: 'boolean', short: 'h', description: '도움말 (help)' },
} as const satisfies Record<string, OptionSpec>;

export type OptionValues = Record<string, string | boolean | undefined>;

export type ParsedCommandLine =
  /** No command, or `help` / `--help` without one: the general help. */
  | { readonly kind: 'general-help'; readonly requested: boolean; readonly json: boolean }
  | { readonly kind: 'command-help'; readonly name: string; readonly json: boolean }
  | {
      readonly kind: 'run';
      readonly name: string;
      readonly options: OptionValues;
      readonly args: readonly string[];
      readonly json: boolean;
    };

const GLOBAL_FLAG_NAMES = new Map<string, keyof typeof GLOBAL_OPTIONS>([
  ['--json', 'json'],
  ['--aws', 'aws'],
  ['--local', 'local'],
  ['--help', 'help'],
  ['-h', 'help'],
]);

function helpHint(name?: string): string {
  return name
    ? `도움말: ${PROGRAM} ${name} --help (help for the command)`
    : `도움말: ${PROGRAM} --help (list of commands)`;
}

/** Node's parseArgs error in our words: which option, and what is wrong with it. */
function parseArgsProblem(error: unknown, name: string): Error {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  const hint = helpHint(name);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return usageError(`${name}: 알 수 없는 옵션입니다: ${option} (unknown option).`, hint);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(message)
        ? usageError(`${name}: ${option} 옵션에 값이 필요합니다 (option needs a value).`, hint)
        : usageError(`${name}: ${option} 옵션은 값을 받지 않습니다 (option takes no value).`, hint);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return usageError(`${name}: 인자가 너무 많습니다 (too many arguments).`, hint);
    default:
      return usageError(`${name}: ${message}`, hint);
  }
}

/** Splits argv into the command and its parsed options and arguments. Throws usage CliErrors. */
export function parseCommandLine(
  argv: readonly string[],
  commands: Readonly<Record<string, Command>>,
): ParsedCommandLine {
  const leading: OptionValues = {};
  let index = 0;
  for (; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('-')) break;
    const flag = GLOBAL_FLAG_NAMES.get(arg);
    if (!flag) {
      throw usageError(
        `명령보다 앞에는 --json, --aws, --local, --help만 올 수 있습니다: ${arg} ` +
          '(only global flags may come before the command).',
        helpHint(),
      );
    }
    leading[flag] = true;
  }
  const json = leading.json === true || argv.includes('--json');
  const name = argv[index];
  if (name === undefined) return { kind: 'general-help', requested: leading.help === true, json };
  if (name === 'help') {
    const topic = argv[index + 1];
    if (topic === undefined) return { kind: 'general-help', requested: true, json };
    if (!Object.hasOwn(commands, topic)) throw unknownCommand(topic, commands);
    return { kind: 'command-help', name: topic, json };
  }
  if (!Object.hasOwn(commands, name)) throw unknownCommand(name, commands);
  const command = commands[name] as Command;

  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv.slice(index + 1) as string[],
      options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    }) as { values: OptionValues; positionals: string[] };
  } catch (error) {
    throw parseArgsProblem(error, name);
  }
  const options = { ...leading, ...parsed.values };
  if (options.help) return { kind: 'command-help', name, json };

  const expected = command.positionals ?? [];
  if (parsed.positionals.length < expected.length) {
    const missing = expected[parsed.positionals.length];
    throw usageError(
      `${name}: <${missing?.name}> 인자가 필요합니다 (missing <${missing?.name}>).`,
      helpHint(name),
    );
  }
  if (parsed.positionals.length > expected.length) {
    const extra = parsed.positionals[expected.length];
    throw usageError(`${name}: 필요 없는 인자입니다: ${extra} (unexpected argument).`, helpHint(name));
  }
  return { kind: 'run', name, options, args: parsed.positionals, json: options.json === true };
}

function unknownCommand(name: string, commands: Readonly<Record<string, Command>>) {
  return usageError(
    `알 수 없는 명령입니다: ${name} (unknown command). 명령: ${Object.keys(commands).join(', ')}`,
    helpHint(),
  );
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...entries.map(([flag]) => displayWidth(flag)));
  return entries.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`);
}

/** `<command> --help`. */
export function commandHelp(name: string, command: Command): string {
  const positionals = command.positionals ?? [];
  const synopsis = [name, ...positionals.map((positional) => `<${positional.name}>`), '[options]'].join(' ');
  const lines = [
    `사용법 (usage): ${PROGRAM} ${synopsis}`,
    `                ${BIN} ${synopsis}`,
    '',
    command.summary,
    ...(command.description ? ['', command.description] : []),
  ];
  if (positionals.length > 0) {
    lines.push('', '인자 (arguments):');
    const width = Math.max(...positionals.map((positional) => positional.name.length + 2));
    for (const positional of positionals) {
      lines.push(`  ${`<${positional.name}>`.padEnd(width)}  ${positional.description}`);
    }
  }
  if (command.options && Object.keys(command.options).length > 0) {
    lines.push('', '옵션 (options):', ...optionLines(command.options));
  }
  lines.push('', '공통 옵션 (global options):', ...optionLines(GLOBAL_OPTIONS));
  if (command.examples?.length) {
    lines.push('', '예 (examples):', ...command.examples.map((example) => `  ${PROGRAM} ${example}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The list of commands. */
export function generalHelp(commands: Readonly<Record<string, Command>>): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((name) => name.length));
  return `${[
    '올해의 고용서비스상 추천·승인 관리 도구 (award-workflow admin CLI)',
    '',
    `사용법 (usage): ${PROGRAM} <command> [options]`,
    `                ${BIN} <command> [options]`,
    '',
    '명령 (commands):',
    ...names.map((name) => `  ${name.padEnd(width)}  ${(commands[name] as Command).summary}`),
    '',
    '공통 옵션 (global options):',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    '대상 (target): 기본은 로컬 스택(npm start; DYNAMODB_PORT, SFN_PORT), --aws 또는 AWS_PROFILE이면',
    'AWS 계정(AWS_REGION, 스택 AwardWorkflowStateful·AwardWorkflow의 출력).',
    '종료 코드 (exit codes): 0 성공, 1 찾을 수 없음·거부·연결 실패, 2 잘못된 사용법.',
    `명령별 도움말: ${PROGRAM} <command> --help`,
  ].join('\n')}\n`;
}
