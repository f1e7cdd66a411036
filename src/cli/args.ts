// Option parsing on node:util's parseArgs, with errors that name the option and the fix.

import { parseArgs } from 'node:util';
import { FaultSpecError, parseFaults, type FaultSpec } from '../local/faults.js';
import { UsageError } from './usage.js';

export type OptionSpec = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

export function parseOptions<T extends OptionSpec>(command: string, args: string[], spec: T) {
  return parseCommandLine(command, args, spec, 0).values;
}

/** The options, and at most `most` positional arguments. */
export function parseCommandLine<T extends OptionSpec>(command: string, args: string[], spec: T, most: number) {
  // Only what the parser reads of each option (the tables also hold help).
  const options = Object.fromEntries(Object.entries(spec).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
    if (positionals.length > most) throw new UsageError(`unexpected argument '${positionals[most]}' for ${command}`, command);
    return {
      values: values as { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & { help?: boolean },
      positionals,
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, '');
    throw new UsageError(`${message} (for ${command})`, command);
  }
}

/** A whole number in [min, max], or the default when the option is absent. */
export function integerOption(command: string, name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not '${value}'`, command);
  }
  return Number(value);
}

/** A duration given in seconds, as milliseconds; undefined when the option is absent. */
export function secondsOption(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > 86_400) {
    throw new UsageError(`--${name} must be a number of seconds from 0 to 86400 (24 hours), not '${value}'`, command);
  }
  return Math.round(n * 1000);
}

/** A fault spec (serve --faults, SPARKIFY_LOCAL_FAULTS), refused with its own words when malformed. */
export function faultSpec(command: string, where: string, spec: string): FaultSpec {
  try {
    return parseFaults(spec);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new UsageError(`${where} ${error.message}`, command);
    throw error;
  }
}
