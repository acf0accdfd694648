import { BUILT_IN_FLOWS, type DeciderRule } from '../approvals/approval-flows.js';
import { ROLE_LABELS } from '../directory/roles.js';
import { CliError, println, type CliContext } from './cli-context.js';

export const APPROVAL_HELP = `govdesk approval — approval flows 审批流程

  approval flows      List the flows, their steps and who decides each 列出流程、步骤和审批人`;

const describeRule = (r: DeciderRule): string => {
  switch (r.kind) {
    case 'person':
      return `person ${r.openId}`;
    case 'role':
      return `${r.mode === 'all' ? '会签 all of' : 'any'} ${r.role} ${ROLE_LABELS[r.role].zh}${r.unit ? ` in unit ${r.unit}` : ''}`;
    case 'requesterUnitHead':
      return "the requester's unit head 发起人单位负责人";
    case 'requesterSectionHead':
      return "the requester unit's section head 分管科长";
  }
};

export async function approvalCli(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return void println(ctx.out, APPROVAL_HELP);
  if (sub !== 'flows') throw new CliError(`未知命令 unknown command: approval ${sub}\n\n${APPROVAL_HELP}`, 2);
  println(ctx.out, 'One person signs one step of a request: whoever approved one step is not given another, unless the step says so. 同一人不审批同一审批的两个步骤（步骤注明的除外）。');
  for (const flow of BUILT_IN_FLOWS) {
    println(ctx.out, `${flow.id}\t${flow.name.zh} ${flow.name.en}${flow.fromChat ? '\t(发起审批 from chat)' : ''}`);
    flow.steps.forEach((s, i) => println(ctx.out, `  ${i + 1}. ${s.key}\t${s.name.zh} ${s.name.en}\t${describeRule(s.deciders)}${s.when ? '\t(conditional 条件步骤)' : ''}${s.allowEarlierDecider ? '\t(an earlier step\'s signer may decide it too 前序步骤审批人亦可审批)' : ''}`));
  }
}
