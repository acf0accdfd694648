import type { Clock } from '../lib/clock.js';
import type { LarkContactApi, LarkDepartment, LarkUser } from '../lark/lark-contact-api.js';
import type { PersonModel } from '../models/person.js';
import type { UnitModel } from '../models/unit.js';
import { guessUnitKind } from './org-import.js';

export interface SyncReport {
  unitsCreated: number;
  unitsUpdated: number;
  peopleCreated: number;
  peopleUpdated: number;
  peopleDeactivated: number;
  unchanged: number;
  /** Active people in the directory whom Lark no longer lists (reported, not deactivated). */
  notInLark: number;
}

const UNIT_CODE = /^[A-Za-z0-9_.-]{1,64}$/;


/**
 * `org sync`: Lark departments become units, their members people. Roles are never touched;
 * a unit keeps its code, kind and section heads once created (matched by its Lark department
 * id). Pages through everything; rows that did not change are not written, so running it again
 * changes nothing.
 */
export async function syncFromLark(
  api: LarkContactApi,
  models: { people: PersonModel; units: UnitModel },
  ctx: { clock: Clock; onProgress?: (done: number, total: number) => void },
): Promise<SyncReport> {
  const report: SyncReport = { unitsCreated: 0, unitsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, peopleDeactivated: 0, unchanged: 0, notInLark: 0 };
  const now = ctx.clock.now();
  const departments: LarkDepartment[] = [];
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await api.departments(token);
    departments.push(...page.items);
    token = page.nextPageToken;
  }

  const units = await models.units.find({}).lean();
  const byDept = new Map(units.filter((u) => u.larkDepartmentId).map((u) => [u.larkDepartmentId!, u]));
  // A unit imported from a file whose code is the department's own id is that department.
  const unlinked = new Map(units.filter((u) => !u.larkDepartmentId).map((u) => [u._id, u]));
  const codes = new Set(units.map((u) => u._id));
  const codeOf = new Map<string, string>();
  for (const d of departments) {
    const linked = byDept.get(d.openDepartmentId);
    const existing = linked ?? (d.departmentId ? unlinked.get(d.departmentId) : undefined);
    if (existing) {
      codeOf.set(d.openDepartmentId, existing._id);
      if (linked && existing.name === d.name && existing.active) report.unchanged++;
      else {
        await models.units.updateOne({ _id: existing._id }, { $set: { name: d.name, active: true, larkDepartmentId: d.openDepartmentId, updatedAt: now } });
        report.unitsUpdated++;
      }
      continue;
    }
    const wanted = d.departmentId && UNIT_CODE.test(d.departmentId) ? d.departmentId : d.openDepartmentId;
    let code = wanted;
    for (let n = 2; codes.has(code); n++) code = `${wanted}-${n}`;
    codes.add(code);
    codeOf.set(d.openDepartmentId, code);
    await models.units.updateOne(
      { _id: code },
      { $set: { name: d.name, kind: guessUnitKind(d.name), sectionHeads: [], active: true, larkDepartmentId: d.openDepartmentId, updatedAt: now } },
      { upsert: true },
    );
    report.unitsCreated++;
  }

  const people = new Map((await models.people.find({}).lean()).map((p) => [p._id, p]));
  const seen = new Set<string>();
  const deptIds = ['0', ...departments.map((d) => d.openDepartmentId)];
  let done = 0;
  let total = people.size;
  for (const dept of deptIds) {
    for (let token: string | undefined, first = true; first || token; first = false) {
      const page = await api.usersIn(dept, token);
      token = page.nextPageToken;
      for (const user of page.items) {
        if (seen.has(user.openId)) continue;
        seen.add(user.openId);
        total = Math.max(total, seen.size);
        await upsertPerson(user, people.get(user.openId), codeOf, models.people, now, report);
        ctx.onProgress?.(++done, total);
      }
    }
  }
  report.notInLark = [...people.values()].filter((p) => p.active && !seen.has(p._id)).length;
  return report;
}

async function upsertPerson(
  user: LarkUser,
  before: { name: string; title: string; phone: string; unit: string; active: boolean } | undefined,
  codeOf: Map<string, string>,
  people: PersonModel,
  now: Date,
  report: SyncReport,
) {
  const unit = user.openDepartmentIds.map((d) => codeOf.get(d)).find(Boolean) ?? before?.unit ?? '';
  const fields = { name: user.name, title: user.title, phone: user.mobile, unit, active: !user.resigned };
  if (!before) {
    if (user.resigned) return;
    // A new person: roles start empty ($setOnInsert of [] is dropped by FerretDB 1.24).
    await people.updateOne({ _id: user.openId }, { $set: { ...fields, roles: [], source: 'sync', updatedAt: now } }, { upsert: true });
    report.peopleCreated++;
    return;
  }
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).some((k) => before[k] !== fields[k]);
  if (!changed) {
    report.unchanged++;
    return;
  }
  await people.updateOne({ _id: user.openId }, { $set: { ...fields, source: 'sync', updatedAt: now } });
  if (before.active && user.resigned) report.peopleDeactivated++;
  else report.peopleUpdated++;
}
