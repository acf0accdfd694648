import type { Bilingual } from '../cards/card-types.js';
import type { Role } from '../directory/roles.js';
import type { ApprovalFields } from '../models/approval-request.js';

/**
 * Who decides a step:
 * - `person`: one named person;
 * - `role`: anyone holding the role decides (`any`), or every holder must (`all`, 会签);
 *   `unit` limits it to one unit's holders;
 * - `requesterUnitHead` / `requesterSectionHead`: relative to the person who asked.
 */
export type DeciderRule =
  | { kind: 'person'; openId: string }
  | { kind: 'role'; role: Role; mode: 'any' | 'all'; unit?: string }
  | { kind: 'requesterUnitHead' }
  | { kind: 'requesterSectionHead' };

export interface StepDef {
  key: string;
  name: Bilingual;
  deciders: DeciderRule;
  /** The step applies only when this holds (the legal review of normative documents). */
  when?: (fields: ApprovalFields & { subjectUrgent?: boolean }) => boolean;
  /**
   * Whether someone whose approval stands on another step of the request may decide this one
   * too. By default not: one person signs one step of a chain (分管副主任审核 and 主任复审 are
   * two people), so the step goes to the other holders of its role.
   */
  allowEarlierDecider?: boolean;
}

export interface FlowDef {
  id: string;
  name: Bilingual;
  steps: StepDef[];
  /** Offered in the `发起审批` form (flows about a ticket or a shift are started by those features). */
  fromChat?: boolean;
}

/** The unit whose head does the legal review (法制审核) of normative documents. */
export const LEGAL_UNIT = 'fzb';

export const BUILT_IN_FLOWS: FlowDef[] = [
  {
    id: 'document',
    name: { zh: '发文审批', en: 'Document sign-off' },
    fromChat: true,
    steps: [
      { key: 'secretariat', name: { zh: '秘书科核稿', en: 'Secretariat review' }, deciders: { kind: 'role', role: 'dispatcher', mode: 'any' } },
      { key: 'deputy', name: { zh: '分管副主任审核', en: 'Deputy director review' }, deciders: { kind: 'role', role: 'director', mode: 'any' } },
      {
        key: 'legal',
        name: { zh: '法制审核', en: 'Legal review' },
        deciders: { kind: 'role', role: 'unit_head', mode: 'any', unit: LEGAL_UNIT },
        when: (f) => f.normative,
      },
      { key: 'director', name: { zh: '主任复审', en: 'Director review' }, deciders: { kind: 'role', role: 'director', mode: 'any' } },
      { key: 'leader', name: { zh: '区领导签发', en: 'District leader signs' }, deciders: { kind: 'role', role: 'leader', mode: 'any' } },
    ],
  },
  {
    id: 'extension',
    name: { zh: '延期申请', en: 'Extension request' },
    steps: [
      { key: 'director', name: { zh: '主任审批', en: 'Director approves' }, deciders: { kind: 'role', role: 'director', mode: 'any' }, when: (f) => !f.subjectUrgent && f.urgency === 'normal' },
      { key: 'leader', name: { zh: '区领导审批', en: 'District leader approves' }, deciders: { kind: 'role', role: 'leader', mode: 'any' }, when: (f) => Boolean(f.subjectUrgent) || f.urgency !== 'normal' },
    ],
  },
  {
    // 挂起: a unit waiting for the caller, another authority or a court asks to stop the clock.
    id: 'suspension',
    name: { zh: '挂起申请', en: 'Suspension request' },
    steps: [{ key: 'dispatcher', name: { zh: '派单员审核', en: 'Dispatcher approves' }, deciders: { kind: 'role', role: 'dispatcher', mode: 'any' } }],
  },
  {
    id: 'swap',
    name: { zh: '换班申请', en: 'Duty swap' },
    steps: [{ key: 'duty_section_head', name: { zh: '值班科长审批', en: 'Duty section head approves' }, deciders: { kind: 'requesterSectionHead' } }],
  },
];

/** Flows by id: the built-in ones plus any a feature (or a test) registers. */
export class FlowRegistry {
  private readonly flows = new Map<string, FlowDef>();
  constructor(flows: FlowDef[] = BUILT_IN_FLOWS) {
    for (const f of flows) this.flows.set(f.id, f);
  }
  register(flow: FlowDef): void {
    this.flows.set(flow.id, flow);
  }
  get(id: string): FlowDef | undefined {
    return this.flows.get(id);
  }
  all(): FlowDef[] {
    return [...this.flows.values()];
  }
  /** The steps that apply to a request with these fields, in order. */
  stepsFor(flow: FlowDef, fields: ApprovalFields & { subjectUrgent?: boolean }): StepDef[] {
    return flow.steps.filter((s) => !s.when || s.when(fields));
  }
}

export const URGENCY_LABELS: Record<ApprovalFields['urgency'], Bilingual> = {
  normal: { zh: '普通', en: 'Ordinary' },
  urgent: { zh: '急件', en: 'Urgent' },
  very_urgent: { zh: '特急', en: 'Very urgent' },
};

export const SECURITY_LABELS: Record<ApprovalFields['security'], Bilingual> = {
  none: { zh: '无', en: 'None' },
  secret: { zh: '秘密', en: 'Secret' },
  confidential: { zh: '机密', en: 'Confidential' },
  top_secret: { zh: '绝密', en: 'Top secret' },
};
