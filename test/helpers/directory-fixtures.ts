import type { Role } from '../../src/directory/roles.js';
import type { Models } from '../../src/models/create-models.js';

/** Puts a person straight into the directory (tests that are not about importing). */
export async function seedPerson(
  models: Models,
  p: { openId: string; name?: string; unit?: string; roles?: Role[]; active?: boolean; title?: string },
): Promise<void> {
  await models.people.updateOne(
    { _id: p.openId },
    {
      $set: {
        name: p.name ?? `测试用户 ${p.openId.slice(-4)}`,
        title: p.title ?? '',
        phone: '',
        unit: p.unit ?? '',
        roles: p.roles ?? [],
        active: p.active ?? true,
        source: 'import',
        updatedAt: new Date(),
      },
    },
    { upsert: true },
  );
}

export async function seedUnit(models: Models, u: { code: string; name: string; kind?: 'town' | 'street' | 'department' | 'section'; sectionHeads?: string[] }): Promise<void> {
  await models.units.updateOne(
    { _id: u.code },
    { $set: { name: u.name, kind: u.kind ?? 'department', sectionHeads: u.sectionHeads ?? [], active: true, updatedAt: new Date() } },
    { upsert: true },
  );
}
