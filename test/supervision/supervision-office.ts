import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import type { TestBot } from '../helpers/test-bot.js';
import { seedOffice } from '../approvals/approval-helpers.js';

/** The approvals office, plus two units a supervision item can go to: 东镇 (a handler) and 区住建局 (its head). */
export async function seedSupervisionOffice(t: TestBot, people: { dzHandler: string; zjHead: string }): Promise<void> {
  await seedOffice(t);
  await seedUnit(t.bot.models, { code: 'dz', name: '东镇', kind: 'town' });
  await seedUnit(t.bot.models, { code: 'zjj', name: '区住建局', kind: 'department' });
  await seedPerson(t.bot.models, { openId: people.dzHandler, name: '东镇联络员', unit: 'dz', roles: ['unit_handler'] });
  await seedPerson(t.bot.models, { openId: people.zjHead, name: '住建局局长', unit: 'zjj', roles: ['unit_head'] });
}
