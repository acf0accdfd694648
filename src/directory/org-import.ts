import type { Bilingual } from '../cards/card-types.js';
import type { Clock } from '../lib/clock.js';
import type { PersonModel } from '../models/person.js';
import type { RoleChangeModel } from '../models/role-change.js';
import type { UnitModel } from '../models/unit.js';
import { toPerson, toUnit, type Person, type Unit } from './directory.js';
import type { FileProblem, OrgData, PersonRow, UnitRow } from './org-file.js';
import type { UnitKind } from './roles.js';

export interface Change<T> {
  key: string;
  after: T;
  /** Field names that differ ('new' for a new row). */
  fields: string[];
}

export interface ImportPlan {
  units: Change<Unit>[];
  people: Change<Person>[];
  /** Active people in the directory but not in the file. */
  absent: Person[];
  /** Of those, the ones `--prune` deactivates. */
  deactivate: Person[];
  roleChanges: { person: string; role: string; change: 'grant' | 'revoke' }[];
}

export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; problems: FileProblem[] };

/** 镇 town, 街道 street, 科/室/办 office section, otherwise a department. */
export function guessUnitKind(name: string): UnitKind {
  if (/街道(办事处)?$/.test(name)) return 'street';
  if (/镇(人民政府)?$/.test(name)) return 'town';
  if (/(科|室|办)$/.test(name)) return 'section';
  return 'department';
}

const sameList = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Compares a parsed file with the directory: what would be created, changed, left out. Checks
 * what only the database can answer (a person's unit must exist in the file or the directory;
 * section heads must be known people). Writes nothing.
 */
export async function planImport(
  models: { people: PersonModel; units: UnitModel },
  data: OrgData,
  opts: { prune: boolean },
): Promise<PlanResult> {
  const [unitDocs, personDocs] = await Promise.all([models.units.find({}).lean(), models.people.find({}).lean()]);
  const currentUnits = new Map(unitDocs.map((d) => [d._id, toUnit(d)]));
  const currentPeople = new Map(personDocs.map((d) => [d._id, toPerson(d)]));
  const fileUnits = new Map(data.units.map((u) => [u.code, u]));
  const filePeople = new Set(data.people.map((p) => p.openId));
  const problems: FileProblem[] = [];

  data.people.forEach((p, i) => {
    if (p.unit && !fileUnits.has(p.unit) && !currentUnits.has(p.unit)) {
      problems.push({
        where: { zh: `${p.name}（${p.openId}）`, en: `${p.openId} (row ${i + 1})` },
        problem: { zh: `未知单位 ${p.unit}：文件和通讯录中都没有`, en: `unknown unit ${p.unit}: neither in the file nor in the directory` },
      });
    }
  });
  for (const u of data.units) {
    for (const head of u.sectionHeads ?? []) {
      if (!filePeople.has(head) && !currentPeople.has(head)) {
        problems.push({
          where: { zh: `单位 ${u.code} sectionHeads`, en: `unit ${u.code}, sectionHeads` },
          problem: { zh: `${head} 不在文件和通讯录中`, en: `${head} is neither in the file nor in the directory` },
        });
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const units: Change<Unit>[] = [];
  for (const row of data.units) {
    const before = currentUnits.get(row.code);
    const after = mergeUnit(row, before);
    const fields = before ? diff(before, after, ['name', 'kind', 'sectionHeads', 'active']) : ['new'];
    if (fields.length > 0) units.push({ key: row.code, after, fields });
  }
  // CSV rows may name a unit code that only the directory knows: nothing to change there.
  const people: Change<Person>[] = [];
  const roleChanges: ImportPlan['roleChanges'] = [];
  for (const row of data.people) {
    const before = currentPeople.get(row.openId);
    const after = mergePerson(row);
    const fields = before ? diff(before, after, ['name', 'title', 'phone', 'unit', 'roles', 'active']) : ['new'];
    if (fields.length > 0) people.push({ key: row.openId, after, fields });
    const had = new Set(before?.roles ?? []);
    for (const r of after.roles) if (!had.has(r)) roleChanges.push({ person: row.openId, role: r, change: 'grant' });
    for (const r of had) if (!after.roles.includes(r)) roleChanges.push({ person: row.openId, role: r, change: 'revoke' });
  }
  const absent = [...currentPeople.values()].filter((p) => p.active && !filePeople.has(p.openId));
  return { ok: true, plan: { units, people, absent, deactivate: opts.prune ? absent : [], roleChanges } };
}

function mergeUnit(row: UnitRow, before: Unit | undefined): Unit {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind ?? before?.kind ?? guessUnitKind(row.name),
    sectionHeads: row.sectionHeads ?? before?.sectionHeads ?? [],
    active: true,
    ...(before?.larkDepartmentId ? { larkDepartmentId: before.larkDepartmentId } : {}),
  };
}

const mergePerson = (row: PersonRow): Person => ({
  openId: row.openId,
  name: row.name,
  title: row.title,
  phone: row.phone,
  unit: row.unit,
  roles: [...new Set(row.roles)],
  active: true,
});

function diff<T extends object>(a: T, b: T, fields: (keyof T & string)[]): string[] {
  return fields.filter((f) => {
    const x = a[f];
    const y = b[f];
    if (Array.isArray(x) && Array.isArray(y)) return !sameList(x as string[], y as string[]);
    return x !== y;
  });
}

/**
 * Writes a plan: upserts by key (so a re-run after an interruption completes it), role changes
 * into the audit log, deactivations. Calls `progress` after each row.
 */
export async function applyImport(
  models: { people: PersonModel; units: UnitModel; roleChanges: RoleChangeModel },
  plan: ImportPlan,
  ctx: { by: string; clock: Clock; runId: string; progress?: (done: number) => void },
): Promise<void> {
  const now = ctx.clock.now();
  let done = 0;
  const tick = () => ctx.progress?.(++done);
  for (const { after: u } of plan.units) {
    const { code, ...fields } = u;
    await models.units.updateOne({ _id: code }, { $set: { ...fields, updatedAt: now } }, { upsert: true });
    tick();
  }
  if (plan.roleChanges.length > 0) {
    await models.roleChanges
      .insertMany(
        plan.roleChanges.map((c) => ({ _id: `import:${ctx.runId}:${c.change}:${c.person}:${c.role}`, ...c, by: ctx.by, via: 'import', at: now })),
        { ordered: false },
      )
      .catch((err: { code?: number; writeErrors?: unknown[] }) => {
        if (err?.code !== 11000 && !err?.writeErrors) throw err;
      });
  }
  for (const { after: p } of plan.people) {
    const { openId, ...fields } = p;
    await models.people.updateOne({ _id: openId }, { $set: { ...fields, source: 'import', updatedAt: now } }, { upsert: true });
    tick();
  }
  for (const p of plan.deactivate) {
    await models.people.updateOne({ _id: p.openId }, { $set: { active: false, updatedAt: now } });
    tick();
  }
}

export const planSize = (plan: ImportPlan) => plan.units.length + plan.people.length + plan.deactivate.length;

/** One line per change, for `--dry-run` and the import summary. */
export function describePlan(plan: ImportPlan, prune: boolean): string[] {
  const lines: string[] = [];
  for (const c of plan.units) lines.push(`${c.fields[0] === 'new' ? '+ 新增单位 new unit' : '~ 更新单位 unit'} ${c.key} ${c.after.name}${c.fields[0] === 'new' ? '' : ` (${c.fields.join(', ')})`}`);
  for (const c of plan.people) lines.push(`${c.fields[0] === 'new' ? '+ 新增人员 new person' : '~ 更新人员 person'} ${c.key} ${c.after.name}${c.fields[0] === 'new' ? '' : ` (${c.fields.join(', ')})`}`);
  for (const p of plan.absent) lines.push(`${prune ? '- 停用 deactivate' : '? 文件中没有 not in the file'} ${p.openId} ${p.name}`);
  return lines;
}

export const summary = (plan: ImportPlan): Bilingual => {
  const newUnits = plan.units.filter((c) => c.fields[0] === 'new').length;
  const newPeople = plan.people.filter((c) => c.fields[0] === 'new').length;
  return {
    zh: `单位：新增 ${newUnits}，更新 ${plan.units.length - newUnits}；人员：新增 ${newPeople}，更新 ${plan.people.length - newPeople}，文件中没有 ${plan.absent.length}，停用 ${plan.deactivate.length}`,
    en: `units: ${newUnits} new, ${plan.units.length - newUnits} updated; people: ${newPeople} new, ${plan.people.length - newPeople} updated, ${plan.absent.length} not in the file, ${plan.deactivate.length} deactivated`,
  };
};
