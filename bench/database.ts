import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedFerretDb, type EmbeddedDatabase } from '../src/db/embedded-ferretdb.js';

/**
 * Where the bench's databases live: the server in MONGODB_URI, else an embedded FerretDB in a
 * temporary folder. Each phase gets a fresh database (`govdesk_bench_<timestamp>_<phase>`);
 * close() drops those on a real server, or stops FerretDB and removes its folder.
 */
export interface BenchDatabase {
  kind: 'MONGODB_URI' | 'embedded FerretDB';
  /** The FerretDB process, for CPU and memory context (undefined on MONGODB_URI). */
  pid: number | undefined;
  /** Creates (names) the database of `phase` and returns its URI. */
  uriFor(phase: string): string;
  /** The URI of a phase's database named before. */
  uriOf(phase: string): string;
  close(): Promise<void>;
}

const withDatabaseName = (uri: string, name: string): string => {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
};

export async function openBenchDatabase(log: (msg: string) => void): Promise<BenchDatabase> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const created: string[] = [];
  const uriOf = (base: string) => (phase: string) => withDatabaseName(base, `govdesk_bench_${stamp}_${phase}`);
  const uriFor = (base: string) => (phase: string) => {
    const uri = uriOf(base)(phase);
    if (!created.includes(uri)) created.push(uri);
    return uri;
  };

  const external = process.env.MONGODB_URI?.trim();
  if (external) {
    return {
      kind: 'MONGODB_URI',
      pid: undefined,
      uriFor: uriFor(external),
      uriOf: uriOf(external),
      async close() {
        for (const uri of created) {
          const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 });
          try {
            await conn.asPromise();
            await conn.dropDatabase();
          } catch (err) {
            log(`could not drop ${new URL(uri).pathname.slice(1)}: ${String(err)}`);
          } finally {
            await conn.close().catch(() => undefined);
          }
        }
      },
    };
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'govdesk-bench-db-'));
  let db: EmbeddedDatabase;
  try {
    db = await startEmbeddedFerretDb({ dataDir, onInfo: log });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  log(`embedded FerretDB on 127.0.0.1:${db.port} (pid ${db.pid}), data in ${dataDir}`);
  return {
    kind: 'embedded FerretDB',
    pid: db.pid,
    uriFor: uriFor(db.uri),
    uriOf: uriOf(db.uri),
    async close() {
      try {
        await db.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
