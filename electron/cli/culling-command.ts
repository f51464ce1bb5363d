import { BURSTS_USAGE, burstsCommand } from './bursts-command.js';
import { CULL_USAGE, cullCommand } from './cull-command.js';
import { EXPORT_USAGE, exportCommand } from './export-command.js';
import { processIo, type CommandIo } from './library-command.js';
import { RATE_USAGE, rateCommand } from './rate-command.js';
import { REJECTS_USAGE, rejectsCommand } from './rejects-command.js';
import { SIDECARS_USAGE, sidecarsCommand } from './sidecars-command.js';
import { UNDO_USAGE, historyCommand, redoCommand, undoCommand } from './undo-command.js';

type Command = (argv: string[], io: CommandIo) => Promise<number>;

/** The culling subcommands; each parses its own options, so winnow.ts only dispatches by name. */
export const CULLING_COMMANDS: Readonly<Record<string, Command>> = {
  rate: rateCommand,
  undo: undoCommand,
  redo: redoCommand,
  history: historyCommand,
  cull: cullCommand,
  bursts: burstsCommand,
  rejects: rejectsCommand,
  export: exportCommand,
  sidecars: sidecarsCommand,
};

export const CULLING_USAGE = [RATE_USAGE, UNDO_USAGE, CULL_USAGE, BURSTS_USAGE, REJECTS_USAGE, EXPORT_USAGE, SIDECARS_USAGE].map((u) => `  ${u}`).join('\n');

/** Runs a culling subcommand on the real process streams; undefined when the name is not one. */
export function runCullingCommand(name: string, argv: string[]): Promise<number> | undefined {
  const command = Object.hasOwn(CULLING_COMMANDS, name) ? CULLING_COMMANDS[name] : undefined;
  return command?.(argv, processIo());
}
