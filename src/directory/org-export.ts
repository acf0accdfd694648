import { stringify } from 'csv-stringify/sync';
import type { Person, Unit } from './directory.js';
import { CSV_COLUMNS, type OrgData } from './org-file.js';

/** The directory in the import format, so export → import changes nothing. */
export function toOrgData(units: Unit[], people: Person[]): OrgData {
  return {
    units: units.map((u) => ({ code: u.code, name: u.name, kind: u.kind, sectionHeads: [...u.sectionHeads] })),
    people: people.map((p) => ({ openId: p.openId, name: p.name, title: p.title, phone: p.phone, unit: p.unit, roles: [...p.roles] })),
  };
}

export const orgJson = (data: OrgData): string => `${JSON.stringify(data, null, 2)}\n`;

/**
 * One person per row with a header, UTF-8 with a byte-order mark so that Excel shows the
 * Chinese names. Unit kinds and section heads are not in the CSV format (use JSON for those).
 */
export function orgCsv(data: OrgData): string {
  const names = new Map(data.units.map((u) => [u.code, u.name]));
  const rows = data.people.map((p) => [p.openId, p.name, p.title, p.phone, p.unit, names.get(p.unit) ?? '', p.roles.join('|')]);
  return `\uFEFF${stringify([[...CSV_COLUMNS], ...rows])}`;
}
