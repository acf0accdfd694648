import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedFerretDb } from '../src/db/embedded-ferretdb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/**
 * With MONGODB_URI set, the suite runs on that server (real MongoDB). Without it, FerretDB is
 * started (built on first use, then cached) on a free loopback port with its data in a
 * temporary folder, and stopped afterwards.
 */
export default async function setup(project: TestProject) {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    return () => {};
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'govdesk-test-db-'));
  const db = await startEmbeddedFerretDb({ dataDir, onInfo: (msg) => process.stderr.write(`[test db] ${msg}\n`) });
  process.stderr.write(`[test db] FerretDB on port ${db.port}, data in ${dataDir}\n`);
  project.provide('mongoUri', db.uri);
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
