import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { connectDatabase } from '../../src/db/connect-database.js';
import { createModels, ensureIndexes, type Models } from '../../src/models/create-models.js';
import { testDatabaseUri } from './test-database.js';

/**
 * A test file's own database and scratch folder for the CLI, with an empty directory (people,
 * units, role changes) before each test. Registers its hooks; `models` is ready inside tests.
 */
export function cliDatabase(label: string): { uri: string; dir: string; models: () => Models; connection: () => Connection } {
  let conn: Connection;
  let models: Models;
  const uri = testDatabaseUri(label);
  const dir = mkdtempSync(join(tmpdir(), `govdesk-${label}-`));
  beforeAll(async () => {
    conn = await connectDatabase(uri);
    models = createModels(conn);
    await ensureIndexes(models);
  });
  afterAll(async () => {
    await conn.dropDatabase();
    await conn.close();
  });
  beforeEach(async () => {
    await Promise.all([models.people.deleteMany({}), models.units.deleteMany({}), models.roleChanges.deleteMany({})]);
  });
  return { uri, dir, models: () => models, connection: () => conn };
}
