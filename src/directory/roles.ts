import type { Bilingual } from '../cards/card-types.js';

/** The office's roles (domain.md, "People and roles"). A person may hold several. */
export const ROLES = [
  'intake',
  'dispatcher',
  'unit_handler',
  'unit_head',
  'section_head',
  'director',
  'leader',
  'duty_officer',
  'duty_leader',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, Bilingual> = {
  intake: { zh: '受理员', en: 'Intake' },
  dispatcher: { zh: '派单员', en: 'Dispatcher' },
  unit_handler: { zh: '承办单位联络员', en: 'Unit handler' },
  unit_head: { zh: '承办单位负责人', en: 'Unit head' },
  section_head: { zh: '科长', en: 'Section head' },
  director: { zh: '办公室主任', en: 'Director' },
  leader: { zh: '区领导', en: 'District leader' },
  duty_officer: { zh: '值班员', en: 'Duty officer' },
  duty_leader: { zh: '带班领导', en: 'Leader on duty' },
  admin: { zh: '管理员', en: 'Administrator' },
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** 承办单位 kinds: 镇 town, 街道 street, 部门 department, 科室 office section. */
export const UNIT_KINDS = ['town', 'street', 'department', 'section'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, Bilingual> = {
  town: { zh: '镇', en: 'Town' },
  street: { zh: '街道', en: 'Street' },
  department: { zh: '部门', en: 'Department' },
  section: { zh: '科室', en: 'Office section' },
};

export const isUnitKind = (value: string): value is UnitKind => (UNIT_KINDS as readonly string[]).includes(value);

/** A role from what a person typed: its code (`dispatcher`) or its Chinese name (`派单员`). */
export function parseRole(text: string): Role | null {
  const t = text.trim();
  if (isRole(t.toLowerCase())) return t.toLowerCase() as Role;
  return ROLES.find((r) => ROLE_LABELS[r].zh === t) ?? null;
}
