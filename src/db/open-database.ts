import type { Connection } from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';
import { createModels, ensureIndexes, type Models } from '../models/create-models.js';
import { connectDatabase } from './connect-database.js';
import { startEmbeddedFerretDb, type EmbeddedDatabase } from './embedded-ferretdb.js';

export interface OpenDatabase {
  connection: Connection;
  models: Models;
  close(): Promise<void>;
}

/**
 * The one rule for where data lives, shared by the bot and the admin CLI: `MONGODB_URI` when
 * set, otherwise the embedded FerretDB with its data under GOVDESK_DATA_DIR (./data).
 */
export async function openDatabase(config: Config, log: Logger): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    const dataDir = `${config.dataDir}/ferretdb`;
    embedded = await startEmbeddedFerretDb({ dataDir, onInfo: (msg) => log.info(msg) });
    uri = embedded.uri;
    log.info({ dataDir, port: embedded.port }, 'MONGODB_URI is not set: running on the embedded FerretDB database');
  }
  const connection = await connectDatabase(uri);
  const models = createModels(connection);
  await ensureIndexes(models);
  return {
    connection,
    models,
    async close() {
      await connection.close();
      await embedded?.stop();
    },
  };
}
