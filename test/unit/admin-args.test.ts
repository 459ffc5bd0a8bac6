import { commandHelp, GLOBAL_OPTIONS, generalHelp, parseCommandLine } from '../../local/admin/args';
import type { Command } from '../../local/admin/command';
import { COMMANDS } from '../../local/admin/commands';
import { CliError } from '../../local/admin/errors';

function usageProblem(argv: string[]): CliError {
  try {
    parseCommandLine(argv, COMMANDS);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).code).toBe('usage');
    return error as CliError;
  }
  throw new Error(`${argv.join(' ')} parsed without a usage error`);
}

describe('admin CLI argument parsing', () => {
  it('finds the command, its options and arguments, with global flags before or after it', () => {
    expect(
      parseCommandLine(['list', '--cycle', '2026', '--stage=center_review', '--json'], COMMANDS),
    ).toEqual({
      kind: 'run',
      name: 'list',
      options: { cycle: '2026', stage: 'center_review', json: true },
      args: [],
      json: true,
    });
    expect(parseCommandLine(['--aws', '--json', 'show', '2026-abcdefghijkmnpqrstuv'], COMMANDS)).toEqual({
      kind: 'run',
      name: 'show',
      options: { aws: true, json: true },
      args: ['2026-abcdefghijkmnpqrstuv'],
      json: true,
    });
    expect(
      parseCommandLine(['stop', '-y', '2026-abcdefghijkmnpqrstuv', '--reason', '중복'], COMMANDS),
    ).toMatchObject({
      options: { yes: true, reason: '중복' },
      args: ['2026-abcdefghijkmnpqrstuv'],
      json: false,
    });
  });

  it('answers help: general, per command (--help, -h, help <command>), and a bare call', () => {
    expect(parseCommandLine([], COMMANDS)).toEqual({ kind: 'general-help', requested: false, json: false });
    expect(parseCommandLine(['--help'], COMMANDS)).toMatchObject({ kind: 'general-help', requested: true });
    expect(parseCommandLine(['help'], COMMANDS)).toMatchObject({ kind: 'general-help', requested: true });
    expect(parseCommandLine(['show', '--help'], COMMANDS)).toEqual({
      kind: 'command-help',
      name: 'show',
      json: false,
    });
    // Help wins over a missing argument.
    expect(parseCommandLine(['history', '-h'], COMMANDS)).toMatchObject({
      kind: 'command-help',
      name: 'history',
    });
    expect(parseCommandLine(['help', 'stop'], COMMANDS)).toMatchObject({
      kind: 'command-help',
      name: 'stop',
    });
  });

  it('refuses mistakes as usage errors (exit 2) that point at --help', () => {
    const unknown = usageProblem(['lsit']);
    expect(unknown.message).toContain('알 수 없는 명령입니다: lsit');
    expect(unknown.message).toContain('list, show, history, stop, redrive');
    expect(unknown.hint).toContain('--help');

    expect(usageProblem(['list', '--bogus']).message).toBe(
      'list: 알 수 없는 옵션입니다: --bogus (unknown option).',
    );
    expect(usageProblem(['list', '--cycle']).message).toContain('--cycle 옵션에 값이 필요합니다');
    expect(usageProblem(['list', '--json=yes']).message).toContain('--json 옵션은 값을 받지 않습니다');
    expect(usageProblem(['show']).message).toBe('show: <id> 인자가 필요합니다 (missing <id>).');
    expect(usageProblem(['show', 'a', 'b']).message).toContain('필요 없는 인자입니다: b');
    expect(usageProblem(['list', 'extra']).message).toContain('필요 없는 인자입니다: extra');
    expect(usageProblem(['--cycle', '2026', 'list']).message).toContain('명령보다 앞에는');
    expect(usageProblem(['help', 'nope']).message).toContain('알 수 없는 명령입니다: nope');
    // Options of one command are not options of another.
    expect(usageProblem(['show', '2026-abcdefghijkmnpqrstuv', '--yes']).message).toContain('--yes');
  });

  it('prints help from the command table: synopsis, arguments, options, global options, examples', () => {
    const help = commandHelp('stop', COMMANDS.stop as Command);
    expect(help).toContain('사용법 (usage): npm run admin -- stop <id> [options]');
    expect(help).toContain('npx award-workflow stop <id> [options]');
    expect(help).toContain('<id>');
    expect(help).toMatch(/-y, --yes\s+확인 없이 중지/);
    expect(help).toMatch(/--reason <text>/);
    for (const name of Object.keys(GLOBAL_OPTIONS)) expect(help).toContain(`--${name}`);
    expect(help).toContain('예 (examples):');

    const general = generalHelp(COMMANDS);
    for (const [name, command] of Object.entries(COMMANDS)) {
      expect(general).toContain(`  ${name}`);
      expect(general).toContain(command.summary);
    }
    expect(general).toContain('종료 코드 (exit codes)');
  });

  it('adding a command is one entry in the table', () => {
    const commands: Record<string, Command> = {
      ...COMMANDS,
      resend: {
        summary: '승인 메일 다시 보내기 (resend)',
        positionals: [{ name: 'id', description: 'id' }],
        run: async () => ({ data: {}, text: '' }),
      },
    };
    expect(parseCommandLine(['resend', '2026-abcdefghijkmnpqrstuv', '--json'], commands)).toMatchObject({
      kind: 'run',
      name: 'resend',
      args: ['2026-abcdefghijkmnpqrstuv'],
    });
    expect(generalHelp(commands)).toContain('resend');
  });
});
