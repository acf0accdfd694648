import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { Directory } from '../directory/directory.js';
import { DirectoryError } from '../directory/directory-error.js';
import { orgCsv, orgJson, toOrgData } from '../directory/org-export.js';
import { parseOrgFile, type FileProblem } from '../directory/org-file.js';
import { applyImport, describePlan, planImport, planSize, summary } from '../directory/org-import.js';
import { syncFromLark } from '../directory/org-sync.js';
import { parseRole, ROLE_LABELS, ROLES, type Role } from '../directory/roles.js';
import { CliError, println, type CliContext } from './cli-context.js';
import { progressBar } from './progress.js';

export const ORG_HELP = `govdesk org — the directory: units, people, roles 通讯录：单位、人员、角色

  org import FILE [--dry-run] [--prune]
      Load units and people from JSON or CSV 从 JSON 或 CSV 文件导入
      JSON: {"units":[{"code","name","kind","sectionHeads":[openId]}],
             "people":[{"openId","name","title","phone","unit","roles":[]}]}
      CSV:  open_id,name,title,phone,unit_code,unit_name,roles   (roles separated by |; header optional)
      Re-importing the same file changes nothing. Nothing is written if any row is invalid.
      --dry-run  print what would change, write nothing 只显示将要做的更改
      --prune    deactivate people who are not in the file (never deletes) 停用文件中没有的人员
  org export [--format json|csv] [--out FILE]
      Print (or write) the directory in the import format 导出通讯录
  org list [--role ROLE] [--unit CODE] [--all]
      List people (active only unless --all) 列出人员
  org grant OPEN_ID ROLE      Give a role 授予角色
  org revoke OPEN_ID ROLE     Take a role away 撤销角色
  org sync
      Pull departments and users from the Lark contact API (roles untouched); safe to repeat
      从飞书通讯录同步部门和人员（不改角色），可重复执行

  Roles 角色: ${ROLES.map((r) => `${r} ${ROLE_LABELS[r].zh}`).join(', ')}
  Unit kinds 单位类型: town 镇, street 街道, department 部门, section 科室`;

const problemLine = (p: FileProblem) => `  ✗ ${p.where.zh}：${p.problem.zh}\n    ${p.where.en}: ${p.problem.en}`;

function roleArg(text: string | undefined): Role {
  const role = text ? parseRole(text) : null;
  if (!role) throw new CliError(`未知角色 unknown role: ${text ?? '(none)'}\n可用 known: ${ROLES.join(', ')}`, 2);
  return role;
}

export async function orgCli(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'import':
      return orgImport(ctx, rest);
    case 'export':
      return orgExport(ctx, rest);
    case 'list':
      return orgList(ctx, rest);
    case 'grant':
    case 'revoke':
      return orgRole(ctx, sub, rest);
    case 'sync':
      return orgSync(ctx, rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      println(ctx.out, ORG_HELP);
      return;
    default:
      throw new CliError(`未知命令 unknown command: org ${sub}\n\n${ORG_HELP}`, 2);
  }
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

const parse = <O extends ParseArgsOptionsConfig>(args: string[], options: O) => {
  try {
    return parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals: true as const, strict: true as const });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${ORG_HELP}`, 2);
  }
};

async function orgImport(ctx: CliContext, args: string[]) {
  const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' }, prune: { type: 'boolean' } } as const);
  if (values.help) return void println(ctx.out, ORG_HELP);
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliError(`用法 usage: org import FILE [--dry-run] [--prune]`, 2);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new CliError(`读不到文件 cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const parsed = parseOrgFile(bytes, file);
  const fail = (problems: FileProblem[]) =>
    new CliError(`${file}: ${problems.length} 处错误 problem(s)\n${problems.map(problemLine).join('\n')}\n没有写入任何数据。Nothing was written.`);
  if (!parsed.ok) throw fail(parsed.problems);
  const db = await ctx.database();
  const prune = values.prune === true;
  const planned = await planImport(db.models, parsed.data, { prune });
  if (!planned.ok) throw fail(planned.problems);
  const { plan } = planned;
  for (const line of describePlan(plan, prune)) println(ctx.out, line);
  const s = summary(plan);
  if (values['dry-run']) {
    println(ctx.out, `（试运行，未写入 dry run, nothing written）${s.zh}\n${s.en}`);
    return;
  }
  const bar = progressBar(ctx.err, 'import 导入', planSize(plan), ctx.tty);
  await applyImport(db.models, plan, { by: ctx.actor, clock: ctx.clock, runId: randomUUID(), progress: (d) => bar.update(d) });
  bar.stop();
  println(ctx.out, `导入完成 imported. ${s.zh}\n${s.en}`);
  if (plan.absent.length > 0 && !prune) println(ctx.out, `文件中没有 ${plan.absent.length} 人（加 --prune 可停用） ${plan.absent.length} active people are not in the file (--prune deactivates them)`);
}

async function orgExport(ctx: CliContext, args: string[]) {
  const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' } } as const);
  if (values.help) return void println(ctx.out, ORG_HELP);
  if (positionals.length > 0) throw new CliError(`用法 usage: org export [--format json|csv] [--out FILE]`, 2);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new CliError(`--format 只能是 json 或 csv (must be json or csv): ${format}`, 2);
  const db = await ctx.database();
  const directory = new Directory(db.models, ctx.clock);
  const data = toOrgData(await directory.units(), await directory.people());
  const text = format === 'json' ? orgJson(data) : orgCsv(data);
  if (values.out) {
    writeFileSync(values.out, text);
    println(ctx.err, `已写入 wrote ${values.out}: ${data.units.length} units, ${data.people.length} people`);
  } else ctx.out.write(text);
}

async function orgList(ctx: CliContext, args: string[]) {
  const { values, positionals } = parse(args, { role: { type: 'string' }, unit: { type: 'string' }, all: { type: 'boolean' } } as const);
  if (values.help) return void println(ctx.out, ORG_HELP);
  if (positionals.length > 0) throw new CliError(`用法 usage: org list [--role ROLE] [--unit CODE] [--all]`, 2);
  const role = values.role ? roleArg(values.role) : undefined;
  const db = await ctx.database();
  const directory = new Directory(db.models, ctx.clock);
  const units = new Map((await directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
  if (values.unit && !units.has(values.unit)) throw new CliError(`未知单位 unknown unit: ${values.unit}`);
  const people = await directory.people({ ...(role ? { role } : {}), ...(values.unit ? { unit: values.unit } : {}), includeInactive: values.all === true });
  for (const p of people) {
    const unit = p.unit ? `${p.unit} ${units.get(p.unit) ?? '?'}` : '-';
    println(ctx.out, [p.openId, p.name, p.title || '-', unit, p.roles.join('|') || '-', p.active ? '' : '(停用 inactive)'].join('\t').trimEnd());
  }
  println(ctx.err, `共 ${people.length} 人 ${people.length} people`);
}

async function orgRole(ctx: CliContext, change: 'grant' | 'revoke', args: string[]) {
  const { values, positionals } = parse(args, {} as const);
  if (values.help) return void println(ctx.out, ORG_HELP);
  if (positionals.length !== 2) throw new CliError(`用法 usage: org ${change} OPEN_ID ROLE`, 2);
  const [openId, roleText] = positionals as [string, string];
  const role = roleArg(roleText);
  const db = await ctx.database();
  const directory = new Directory(db.models, ctx.clock);
  try {
    const by = { by: ctx.actor, via: 'cli' as const };
    const result = change === 'grant' ? await directory.grant(openId, role, by) : await directory.revoke(openId, role, by);
    const label = ROLE_LABELS[role];
    if (result === 'unchanged') println(ctx.out, change === 'grant' ? `${openId} 已有角色 already has ${label.zh} ${role}` : `${openId} 本无角色 does not have ${label.zh} ${role}`);
    else println(ctx.out, change === 'grant' ? `已授予 granted ${label.zh} ${role} → ${openId}` : `已撤销 revoked ${label.zh} ${role} ← ${openId}`);
  } catch (err) {
    if (err instanceof DirectoryError) throw new CliError(`${err.reason.zh}\n${err.reason.en}`);
    throw err;
  }
}

async function orgSync(ctx: CliContext, args: string[]) {
  const { values, positionals } = parse(args, {} as const);
  if (values.help) return void println(ctx.out, ORG_HELP);
  if (positionals.length > 0) throw new CliError('用法 usage: org sync', 2);
  if (!ctx.config.lark.hasCredentials) {
    throw new CliError('org sync 需要飞书应用凭证 needs LARK_APP_ID and LARK_APP_SECRET (and LARK_DOMAIN for a non-default endpoint)');
  }
  const db = await ctx.database();
  const bar = progressBar(ctx.err, 'sync 同步', 0, ctx.tty);
  const r = await syncFromLark(ctx.contactApi(), db.models, { clock: ctx.clock, onProgress: (d, t) => bar.update(d, t) });
  bar.stop();
  println(
    ctx.out,
    `同步完成：单位 新增 ${r.unitsCreated}、更新 ${r.unitsUpdated}；人员 新增 ${r.peopleCreated}、更新 ${r.peopleUpdated}、停用 ${r.peopleDeactivated}；未变 ${r.unchanged}；飞书中已没有 ${r.notInLark}\n` +
      `synced: units ${r.unitsCreated} new, ${r.unitsUpdated} updated; people ${r.peopleCreated} new, ${r.peopleUpdated} updated, ${r.peopleDeactivated} deactivated; ${r.unchanged} unchanged; ${r.notInLark} no longer listed by Lark (left as they are)`,
  );
}
