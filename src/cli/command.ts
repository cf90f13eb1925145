import type { Config } from '../config.ts';
import type { Deps } from '../deps.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Options as node:util parseArgs takes them. */
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  /** Runs on the instance opened (and bootstrapped) from the environment, as the server opens it. */
  run(deps: Deps, values: Record<string, string | boolean | string[] | undefined>, io: CliIo, opened: OpenedBy): Promise<number>;
  /** Set by a command that must not open the instance (a restore fills an empty one): run is then never called. */
  runWithoutInstance?(config: Config, values: Record<string, string | boolean | string[] | undefined>, io: CliIo, positionals: string[]): Promise<number>;
  /** Positional arguments this command takes (none unless set). */
  positionals?: boolean;
}

/** What opening the instance for this command did before it ran. */
export interface OpenedBy {
  /** The migrations applied, in order (empty when the database was up to date). */
  appliedMigrations: string[];
}

export class UsageError extends Error {}

export function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

export function listOption(values: Record<string, unknown>, name: string): string[] {
  const value = values[name];
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return raw.flatMap((v: string) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
