import type { ApprovalEventDoc } from '../models/approval-event.js';
import type { ApprovalFields, ApprovalStatus } from '../models/approval-request.js';
import type { FlowDef, FlowRegistry, StepDef } from './approval-flows.js';

export interface Decision {
  by: string;
  outcome: 'approve' | 'return';
  comment: string;
  at: Date;
}

export interface StepState {
  index: number;
  def: StepDef;
  status: 'waiting' | 'open' | 'approved' | 'returned' | 'carried';
  deciders: string[];
  mode: 'any' | 'all';
  openedAt?: Date;
  dueAt?: Date;
  decisions: Decision[];
}

export interface ApprovalState {
  status: ApprovalStatus;
  round: number;
  fields: ApprovalFields;
  steps: StepState[];
  /** The open step (or the one waiting to be opened), when pending. */
  current: number | null;
  /** Set when the current step has no `opened` entry yet (the service opens it). */
  needsOpening: boolean;
  /** Every entry, oldest first: the record of who did what. */
  history: ApprovalEventDoc[];
  /** How many hand-overs the step has had (the key of the next one). */
  transfers: number;
  /**
   * The approvals that stand in the chain: this round's, and those of steps carried from an
   * earlier round (one person signs one step: see `StepDef.allowEarlierDecider`).
   */
  signed: { by: string; step: number }[];
  /** Everyone the request was ever put before, or who acted on it, and the requester. */
  participants: Set<string>;
}

const byTime = (a: ApprovalEventDoc, b: ApprovalEventDoc) => a.at.getTime() - b.at.getTime() || a._id.localeCompare(b._id);

/**
 * The state of a request, folded from its insert-only log. Pure: the same entries give the
 * same state on every replica, whatever order they were written in.
 */
export function foldApproval(flow: FlowDef, flows: FlowRegistry, events: ApprovalEventDoc[], subjectUrgent = false): ApprovalState {
  const history = [...events].sort(byTime);
  const submissions = history.filter((e): e is Extract<ApprovalEventDoc, { type: 'submitted' }> => e.type === 'submitted');
  const last = submissions.at(-1);
  if (!last) throw new Error('an approval request without a submission');
  const round = last.round;
  const fields = last.fields;
  const defs = flows.stepsFor(flow, { ...fields, subjectUrgent });
  const steps: StepState[] = defs.map((def, index) => ({
    index,
    def,
    status: index < last.fromStep ? 'carried' : 'waiting',
    deciders: [],
    mode: 'any',
    decisions: [],
  }));
  for (const e of history) {
    if (!('round' in e) || e.round !== round || e.type === 'submitted') continue;
    const step = steps[e.step];
    if (!step) continue;
    if (e.type === 'opened') {
      step.deciders = [...e.deciders];
      step.mode = e.mode;
      step.openedAt = e.at;
      step.dueAt = e.dueAt;
      if (step.status === 'waiting') step.status = 'open';
    } else if (e.type === 'transferred') {
      step.deciders = step.mode === 'all' ? [...new Set(step.deciders.map((d) => (d === e.from ? e.to : d)))] : [e.to];
    } else if (e.type === 'decided' && step.status === 'open') {
      if (step.mode === 'all' && (!step.deciders.includes(e.by) || step.decisions.some((d) => d.by === e.by))) continue;
      step.decisions.push({ by: e.by, outcome: e.outcome, comment: e.comment, at: e.at });
      if (e.outcome === 'return') step.status = 'returned';
      else if (step.mode === 'any' || step.deciders.every((d) => step.decisions.some((x) => x.by === d && x.outcome === 'approve'))) step.status = 'approved';
    }
  }
  const withdrawn = history.some((e) => e.type === 'withdrawn');
  const returned = steps.some((s) => s.status === 'returned');
  const current = currentIndex(steps);
  const transfers = history.filter((e) => e.type === 'transferred' && e.round === round && e.step === current).length;
  const signed = steps.flatMap((st) => (st.status === 'carried' ? carriedSigners(flow, flows, submissions, history, st.def.key, round, subjectUrgent) : st.decisions.filter((d) => d.outcome === 'approve').map((d) => d.by)).map((by) => ({ by, step: st.index })));
  const participants = new Set<string>([last.by]);
  for (const e of history) {
    participants.add(e.by);
    if (e.type === 'opened') e.deciders.forEach((d) => participants.add(d));
    if (e.type === 'transferred') participants.add(e.to);
  }
  let status: ApprovalStatus = 'pending';
  if (withdrawn) status = 'withdrawn';
  else if (returned) status = 'returned';
  else if (current === null) status = 'approved';
  return {
    status,
    round,
    fields,
    steps,
    current: status === 'pending' ? current : null,
    needsOpening: status === 'pending' && current !== null && steps[current]!.status === 'waiting',
    history,
    transfers,
    signed,
    participants,
  };
}

/** Who approved the step `key` in the latest earlier round that approved it (a carried step). */
function carriedSigners(flow: FlowDef, flows: FlowRegistry, submissions: Extract<ApprovalEventDoc, { type: 'submitted' }>[], history: ApprovalEventDoc[], key: string, round: number, subjectUrgent: boolean): string[] {
  for (let r = round - 1; r >= 1; r--) {
    const sub = submissions.find((x) => x.round === r);
    if (!sub) continue;
    const index = flows.stepsFor(flow, { ...sub.fields, subjectUrgent }).findIndex((d) => d.key === key);
    const by = history.filter((e) => e.type === 'decided' && e.round === r && e.step === index && e.outcome === 'approve').map((e) => e.by);
    if (by.length) return [...new Set(by)];
  }
  return [];
}

function currentIndex(steps: StepState[]): number | null {
  const s = steps.find((x) => x.status === 'open' || x.status === 'waiting');
  return s ? s.index : null;
}
