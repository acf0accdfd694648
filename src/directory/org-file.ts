import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { Bilingual } from '../cards/card-types.js';
import type { Person } from './directory.js';
import { isRole, isUnitKind, ROLES, UNIT_KINDS, type UnitKind } from './roles.js';

/** One unit as a directory file describes it. */
export interface UnitRow {
  code: string;
  name: string;
  /** Absent in CSV files: kept as it is, or guessed from the name for a new unit. */
  kind?: UnitKind;
  /** Absent in CSV files: kept as it is. */
  sectionHeads?: string[];
}

/** One person as a directory file describes them: everything but the active flag. */
export type PersonRow = Omit<Person, 'active'>;

export interface OrgData {
  units: UnitRow[];
  people: PersonRow[];
}

/** A problem in a file, located by row and field, in both languages. */
export interface FileProblem {
  where: Bilingual;
  problem: Bilingual;
}

export type ParseResult = { ok: true; data: OrgData } | { ok: false; problems: FileProblem[] };

export const CSV_COLUMNS = ['open_id', 'name', 'title', 'phone', 'unit_code', 'unit_name', 'roles'] as const;

const OPEN_ID = /^ou_[A-Za-z0-9_-]{1,64}$/;
const PHONE = /^[0-9+\-() ]{3,20}$/;
const UNIT_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

const openId = z.string().trim().regex(OPEN_ID, { message: 'open_id' });
const unitCode = z.string().trim().regex(UNIT_CODE, { message: 'unit_code' });
const name = z.string().trim().min(1, { message: 'required' }).max(64, { message: 'too_long' });

const unitSchema = z.object({
  code: unitCode,
  name,
  kind: z.string().refine(isUnitKind, { message: 'kind' }).optional(),
  sectionHeads: z.array(openId).optional(),
});
const personSchema = z.object({
  openId,
  name,
  title: z.string().trim().max(64, { message: 'too_long' }).default(''),
  phone: z.union([z.literal(''), z.string().trim().regex(PHONE, { message: 'phone' })]).default(''),
  unit: z.union([z.literal(''), unitCode]).default(''),
  roles: z.array(z.string().trim().refine(isRole, { message: 'role' })).default([]),
});
const fileSchema = z.object({ units: z.array(z.unknown()).default([]), people: z.array(z.unknown()).default([]) });

const explain = (code: string, value: unknown): Bilingual => {
  const v = JSON.stringify(value);
  switch (code) {
    case 'open_id':
      return { zh: `open_id 格式不对（应以 ou_ 开头）：${v}`, en: `not an open_id (starts with ou_): ${v}` };
    case 'unit_code':
      return { zh: `单位代码只能含字母、数字、_ . -（最长 64）：${v}`, en: `a unit code is letters, digits, _ . - (at most 64): ${v}` };
    case 'required':
      return { zh: '不能为空', en: 'must not be empty' };
    case 'too_long':
      return { zh: '太长（最多 64 字）', en: 'too long (at most 64 characters)' };
    case 'phone':
      return { zh: `电话号码格式不对：${v}`, en: `not a phone number: ${v}` };
    case 'role':
      return { zh: `未知角色 ${v}（可用：${ROLES.join(', ')}）`, en: `unknown role ${v} (known: ${ROLES.join(', ')})` };
    case 'kind':
      return { zh: `未知单位类型 ${v}（可用：${UNIT_KINDS.join(', ')}）`, en: `unknown unit kind ${v} (known: ${UNIT_KINDS.join(', ')})` };
    default:
      return { zh: `格式不对：${v}`, en: `invalid value: ${v}` };
  }
};

const valueAt = (obj: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined), obj);

/** The rows that passed, each with its index among all rows (for messages that name it). */
type Indexed<T> = { value: T; index: number }[];

function validateRows<T>(schema: z.ZodType<T>, rows: unknown[], where: (i: number, field: string) => Bilingual, problems: FileProblem[]): Indexed<T> {
  const out: Indexed<T> = [];
  rows.forEach((row, i) => {
    const r = schema.safeParse(row);
    if (r.success) {
      out.push({ value: r.data, index: i });
      return;
    }
    for (const issue of r.error.issues) {
      const field = issue.path.filter((p) => typeof p === 'string').join('.') || '(row)';
      const missing = issue.code === 'invalid_type' && valueAt(row, issue.path) === undefined;
      problems.push({
        where: where(i, issue.path.map(String).join('.') || field),
        problem: missing ? { zh: '缺少此字段', en: 'missing' } : explain(issue.message, valueAt(row, issue.path)),
      });
    }
  });
  return out;
}

export function parseOrgJson(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, problems: [{ where: { zh: '文件', en: 'file' }, problem: { zh: `不是有效的 JSON：${(err as Error).message}`, en: `not valid JSON: ${(err as Error).message}` } }] };
  }
  const top = fileSchema.safeParse(json);
  if (!top.success) {
    return { ok: false, problems: [{ where: { zh: '文件', en: 'file' }, problem: { zh: '应为 {"units":[…],"people":[…]}', en: 'expected {"units":[…],"people":[…]}' } }] };
  }
  const problems: FileProblem[] = [];
  const units = validateRows(unitSchema, top.data.units, (i, f) => ({ zh: `units 第 ${i + 1} 项 ${f}`, en: `units[${i}].${f}` }), problems);
  const people = validateRows(personSchema, top.data.people, (i, f) => ({ zh: `people 第 ${i + 1} 项 ${f}`, en: `people[${i}].${f}` }), problems);
  return finish(units, people as Indexed<PersonRow>, problems, (i) => ({ zh: `people 第 ${i + 1} 项`, en: `people[${i}]` }));
}

export function parseOrgCsv(text: string): ParseResult {
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    return { ok: false, problems: [{ where: { zh: '文件', en: 'file' }, problem: { zh: `不是有效的 CSV：${(err as Error).message}`, en: `not valid CSV: ${(err as Error).message}` } }] };
  }
  const hasHeader = records[0]?.[0]?.toLowerCase().replace(/\s/g, '') === 'open_id';
  const first = hasHeader ? 2 : 1;
  const rows = hasHeader ? records.slice(1) : records;
  const problems: FileProblem[] = [];
  const units = new Map<string, UnitRow>();
  const people: unknown[] = [];
  const lineOf: number[] = [];
  rows.forEach((cells, i) => {
    const line = i + first;
    if (cells.every((c) => c === '')) return;
    if (cells.length > CSV_COLUMNS.length && cells.slice(CSV_COLUMNS.length).some((c) => c !== '')) {
      problems.push({
        where: { zh: `第 ${line} 行`, en: `row ${line}` },
        problem: {
          zh: `列数过多：应有 ${CSV_COLUMNS.length} 列（${CSV_COLUMNS.join(', ')}），实有 ${cells.length} 列；多个角色请用 | 分隔`,
          en: `too many columns: expected ${CSV_COLUMNS.length} (${CSV_COLUMNS.join(', ')}), found ${cells.length}; separate roles with |`,
        },
      });
      return;
    }
    if (cells.length < CSV_COLUMNS.length) {
      const missing = CSV_COLUMNS.slice(cells.length).join(', ');
      problems.push({
        where: { zh: `第 ${line} 行`, en: `row ${line}` },
        problem: { zh: `缺少列：${missing}（应有 ${CSV_COLUMNS.length} 列，实有 ${cells.length} 列）`, en: `missing column(s): ${missing} (expected ${CSV_COLUMNS.length}, found ${cells.length})` },
      });
      return;
    }
    const [oid, pname, title, phone, code, unitName, roles] = cells as [string, string, string, string, string, string, string];
    if (code) {
      const known = units.get(code);
      if (known && unitName && known.name !== unitName) {
        problems.push({
          where: { zh: `第 ${line} 行 unit_name`, en: `row ${line}, unit_name` },
          problem: { zh: `单位 ${code} 的名称与前文不一致：「${unitName}」≠「${known.name}」`, en: `unit ${code} is named differently above: "${unitName}" vs "${known.name}"` },
        });
      } else if (!known && unitName) {
        units.set(code, { code, name: unitName });
      }
    }
    people.push({ openId: oid, name: pname, title, phone, unit: code, roles: roles ? roles.split('|').map((r) => r.trim()).filter(Boolean) : [] });
    lineOf.push(line);
  });
  const unitRows = validateRows(unitSchema, [...units.values()], (i, f) => ({ zh: `单位 ${[...units.keys()][i]} ${f}`, en: `unit ${[...units.keys()][i]}, ${f}` }), problems);
  const fieldToColumn: Record<string, string> = { openId: 'open_id', unit: 'unit_code' };
  const personRows = validateRows(
    personSchema,
    people,
    (i, f) => {
      const col = fieldToColumn[f.split('.')[0]!] ?? f.split('.')[0]!;
      return { zh: `第 ${lineOf[i]} 行 ${col}`, en: `row ${lineOf[i]}, ${col}` };
    },
    problems,
  );
  return finish(unitRows, personRows as Indexed<PersonRow>, problems, (i) => ({ zh: `第 ${lineOf[i]} 行`, en: `row ${lineOf[i]}` }));
}

/** Checks across rows: duplicate open_ids and unit codes. */
function finish(units: Indexed<UnitRow>, people: Indexed<PersonRow>, problems: FileProblem[], personWhere: (i: number) => Bilingual): ParseResult {
  const data: OrgData = { units: units.map((u) => u.value), people: people.map((p) => p.value) };
  const seen = new Map<string, number>();
  for (const { value: p, index } of people) {
    const before = seen.get(p.openId);
    if (before !== undefined) {
      const w = personWhere(before);
      problems.push({ where: personWhere(index), problem: { zh: `open_id ${p.openId} 重复（与${w.zh}相同）`, en: `duplicate open_id ${p.openId} (same as ${w.en})` } });
    } else seen.set(p.openId, index);
  }
  const codes = new Set<string>();
  for (const u of data.units) {
    if (codes.has(u.code)) problems.push({ where: { zh: `单位 ${u.code}`, en: `unit ${u.code}` }, problem: { zh: '单位代码重复', en: 'duplicate unit code' } });
    codes.add(u.code);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data };
}

/** Reads a directory file: JSON when it looks like JSON (or is named .json), CSV otherwise. */
export function parseOrgFile(bytes: Buffer, fileName: string): ParseResult {
  const text = decodeText(bytes);
  const looksJson = /\.json$/i.test(fileName) || /^\uFEFF?\s*[{[]/.test(text);
  return looksJson ? parseOrgJson(text) : parseOrgCsv(text);
}

/** UTF-8, or GB18030 (what Excel on a Chinese Windows saves CSV as) when it is not valid UTF-8. */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
