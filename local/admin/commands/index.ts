/**
 * The command table: name -> { summary, options, run }. Adding a command is one entry here (and
 * its module); parsing, help, targets, output and errors are shared (args.ts, main.ts).
 */
import type { Command } from '../command';
import { closeCycleCommand } from './close-cycle';
import { exportCommand } from './export';
import { historyCommand } from './history';
import { listCommand } from './list';
import { loadConfigCommand } from './load-config';
import { redriveCommand } from './redrive';
import { resendCommand } from './resend';
import { showCommand } from './show';
import { stopCommand } from './stop';
import { suppressionsCommand, unsuppressCommand } from './suppressions';

export const COMMANDS: Readonly<Record<string, Command>> = {
  list: listCommand,
  show: showCommand,
  history: historyCommand,
  stop: stopCommand,
  redrive: redriveCommand,
  resend: resendCommand,
  'load-config': loadConfigCommand,
  export: exportCommand,
  'close-cycle': closeCycleCommand,
  suppressions: suppressionsCommand,
  unsuppress: unsuppressCommand,
};
