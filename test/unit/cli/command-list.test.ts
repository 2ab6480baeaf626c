import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/command-list.js';
import { buildProgram } from '../../../src/cli/main.js';

describe('the command list behind `placewatch --help`', () => {
  it('describes each command as the module that implements it does', async () => {
    const program = new Command('placewatch');
    for (const entry of COMMANDS) (await entry.load())(program);
    const declared = program.commands.map((c) => [c.name(), c.description()]);
    expect(COMMANDS.map((c) => [c.name, c.description])).toEqual(declared);
  });

  it('lists every command by name and description alone when none is loaded', async () => {
    const program = await buildProgram([]);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    expect(program.commands.every((c) => c.options.length === 0 && c.commands.length === 0)).toBe(true);
  });
});
