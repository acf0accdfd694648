import type { Writable } from 'node:stream';
import type { Config } from '../config.js';
import type { OpenDatabase } from '../db/open-database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { LarkContactApi } from '../lark/lark-contact-api.js';

/** Everything a CLI command may use; tests pass their own streams, database and contact API. */
export interface CliContext {
  out: Writable;
  err: Writable;
  config: Config;
  log: Logger;
  clock: Clock;
  /** Opens the database (MONGODB_URI or the embedded one) on first use. */
  database(): Promise<OpenDatabase>;
  contactApi(): LarkContactApi;
  /** Who runs the command, for the audit log (`cli:<os user>`). */
  actor: string;
  /** Interactive terminal: progress bars redraw in place. */
  tty: boolean;
}

/** A mistake in how the command was called or in its input: printed, exit code 1 or 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const println = (stream: Writable, line = '') => stream.write(`${line}\n`);
