import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import type { Config } from '../config.js';
import type { Directory } from '../directory/directory.js';
import { applyImport, planImport } from '../directory/org-import.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Models } from '../models/create-models.js';
import { DEMO_OFFICE } from './demo-office.js';
import { EMULATOR_PATH, emulatorRoutes } from './emulator-routes.js';
import { EmulatorStore } from './emulator-store.js';
import { fakeOpenApiRouter } from './fake-open-api.js';
import { playLark } from './play-lark.js';

export interface Emulator {
  store: EmulatorStore;
  routers: Router[];
  /** The fake Open API's base URL, for the bot's own Lark client. */
  domain(): string;
  close(): void;
}

/** The emulator: the page and its API, the fake Open API, and the player that plays Lark. */
export function createEmulator(deps: { config: Config; directory: Directory; botUrl: () => string }): Emulator {
  const store = new EmulatorStore();
  const player = playLark({
    botUrl: deps.botUrl,
    appId: deps.config.lark.appId,
    encryptKey: deps.config.lark.encryptKey,
    verificationToken: deps.config.lark.verificationToken,
  });
  const page = emulatorRoutes({ store, player, directory: deps.directory });
  return {
    store,
    routers: [page.router, fakeOpenApiRouter(store, EMULATOR_PATH)],
    domain: () => `${deps.botUrl()}${EMULATOR_PATH}`,
    close: () => page.close(),
  };
}

/** An empty directory gets the demo office, so a newcomer has people to be. */
export async function seedDemoOffice(models: Models, clock: Clock, log: Logger): Promise<void> {
  if ((await models.people.countDocuments({})) > 0) return;
  const planned = await planImport(models, DEMO_OFFICE, { prune: false });
  if (!planned.ok) throw new Error('the demo office does not import');
  await applyImport(models, planned.plan, { by: 'emulator', clock, runId: randomUUID() });
  log.info({ people: DEMO_OFFICE.people.length, units: DEMO_OFFICE.units.length }, 'emulator: the directory was empty; loaded the demo office');
}
