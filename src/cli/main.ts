import { parseArgs } from 'node:util';
import { openCliInstance } from './cli-instance.ts';
import { cliFailure } from './cli-errors.ts';
import { UsageError, type CliIo, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { rootCreatedNotice } from '../services/users/bootstrap-instance.ts';

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: latchkey <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help. Configuration comes from the LATCHKEY_* environment variables (see README).',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options).map(([name, o]) => `  --${name}${o.type === 'string' ? ' <value>' : ''}`);
  return [`Usage: ${command.usage}`, '', command.summary, ...(options.length ? ['', 'Options:', ...options] : [])].join('\n');
}

/** Finds the longest command name that prefixes argv ("token create" before "token"). */
function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  for (const command of [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) };
  }
  return null;
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(help());
    return argv.length === 0 ? 64 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`latchkey: unknown command "${argv.join(' ')}"\n\n${help()}`);
    return 64;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals === true, strict: true });
    values = parsed.values as typeof values;
    positionals = parsed.positionals;
  } catch (error) {
    io.err(`latchkey ${command.name}: ${(error as Error).message}\n\n${commandHelp(command)}`);
    return 64;
  }
  if (command.runWithoutInstance) return runWithoutInstance(command, values, positionals);
  let instance;
  try {
    instance = await openCliInstance();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`latchkey: invalid configuration: ${error.message}`);
      return 78;
    }
    throw error;
  }
  if (instance.rootCreated) io.err(`latchkey: ${rootCreatedNotice(instance.rootCreated)}`);
  try {
    return await command.run(instance.deps, values, io, instance);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`latchkey ${command.name}: ${error.message}`);
      return 64;
    }
    if (error instanceof AppError) {
      const failure = cliFailure(error);
      io.err(`latchkey ${command.name}: ${failure.reason}`);
      return failure.exit;
    }
    throw error;
  } finally {
    await instance.close();
  }
}

async function runWithoutInstance(command: Command, values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`latchkey: invalid configuration: ${error.message}`);
      return 78;
    }
    throw error;
  }
  try {
    return await command.runWithoutInstance!(config, values, io, positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`latchkey ${command.name}: ${error.message}`);
      return 64;
    }
    throw error;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(`latchkey: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
