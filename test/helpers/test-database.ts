import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** A database of its own for each test file (or test), on the suite's server. */
export function testDatabaseUri(label = 'test'): string {
  const base = new URL(inject('mongoUri'));
  base.pathname = `/t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  return base.toString();
}
