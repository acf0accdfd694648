import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { cliDatabase } from '../helpers/cli-database.js';

const db = cliDatabase('cli');
const { uri, dir } = db;

const sink = () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(c.toString('utf8'));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
};

/** Runs the CLI in-process against the test database; returns exit code and output. */
async function cli(...argv: string[]) {
  const out = sink();
  const err = sink();
  const code = await runCli(argv, {
    out: out.stream,
    err: err.stream,
    config: loadConfig({ NODE_ENV: 'test', MONGODB_URI: uri }),
    log: createLogger('silent'),
    actor: 'cli:tester',
    tty: false,
    database: async () => ({ connection: db.connection(), models: db.models(), close: async () => {} }),
  });
  return { code, out: out.text(), err: err.text() };
}

const file = (name: string, content: string | object) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

const office = {
  units: [
    { code: 'mszk', name: '秘书科', kind: 'section', sectionHeads: [] },
    { code: 'dz', name: '大镇', kind: 'town', sectionHeads: ['ou_head_li'] },
    { code: 'jtj', name: '交通局', kind: 'department', sectionHeads: ['ou_head_li'] },
  ],
  people: [
    { openId: 'ou_admin_zhou', name: '周管理', title: '信息员', phone: '', unit: 'mszk', roles: ['admin'] },
    { openId: 'ou_head_li', name: '李科长', title: '科长', phone: '0571-88880001', unit: 'mszk', roles: ['section_head', 'dispatcher'] },
    { openId: 'ou_wang_dz', name: '王联络', title: '', phone: '13800000003', unit: 'dz', roles: ['unit_handler'] },
    { openId: 'ou_zhao_jt', name: '赵主任', title: '主任', phone: '', unit: 'jtj', roles: ['unit_head'] },
  ],
};

describe('org import / export', () => {
  it('loads a JSON file, and re-importing it changes nothing', async () => {
    const path = file('office.json', office);
    const first = await cli('org', 'import', path);
    expect(first.code).toBe(0);
    expect(first.out).toContain('单位：新增 3');
    expect(first.out).toContain('人员：新增 4');
    expect(await db.models().people.findById('ou_head_li').lean()).toMatchObject({ name: '李科长', unit: 'mszk', roles: ['section_head', 'dispatcher'], active: true });
    expect(await db.models().units.findById('dz').lean()).toMatchObject({ name: '大镇', kind: 'town', sectionHeads: ['ou_head_li'] });
    const stamps = (await db.models().people.find({}).lean()).map((p) => p.updatedAt.getTime()).sort();
    const again = await cli('org', 'import', path);
    expect(again.out).toContain('units: 0 new, 0 updated; people: 0 new, 0 updated');
    expect((await db.models().people.find({}).lean()).map((p) => p.updatedAt.getTime()).sort()).toEqual(stamps);
  });

  it('export → import round-trips in JSON and in CSV', async () => {
    await cli('org', 'import', file('office.json', office));
    const json = await cli('org', 'export', '--format', 'json');
    expect(JSON.parse(json.out)).toEqual({
      units: [...office.units].sort((a, b) => a.code.localeCompare(b.code)),
      people: expect.arrayContaining(office.people),
    });
    expect((await cli('org', 'import', file('exported.json', json.out))).out).toContain('people: 0 new, 0 updated');
    const csvPath = join(dir, 'exported.csv');
    expect((await cli('org', 'export', '--format', 'csv', '--out', csvPath)).code).toBe(0);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.startsWith('\uFEFFopen_id,name,title,phone,unit_code,unit_name,roles')).toBe(true);
    expect(csv).toContain('ou_head_li,李科长,科长,0571-88880001,mszk,秘书科,section_head|dispatcher');
    expect((await cli('org', 'import', csvPath)).out).toContain('units: 0 new, 0 updated; people: 0 new, 0 updated');
  });

  it('a changed file updates in place and records the role changes; people left out are reported, and deactivated with --prune', async () => {
    await cli('org', 'import', file('office.json', office));
    const changed = {
      units: office.units,
      people: office.people
        .filter((p) => p.openId !== 'ou_zhao_jt')
        .map((p) => (p.openId === 'ou_wang_dz' ? { ...p, name: '王小明', roles: ['unit_handler', 'intake'] } : p)),
    };
    const dry = await cli('org', 'import', file('changed.json', changed), '--dry-run');
    expect(dry.out).toContain('~ 更新人员 person ou_wang_dz 王小明 (name, roles)');
    expect(dry.out).toContain('? 文件中没有 not in the file ou_zhao_jt 赵主任');
    expect(dry.out).toContain('dry run, nothing written');
    expect(await db.models().people.findById('ou_wang_dz').lean()).toMatchObject({ name: '王联络' });

    const res = await cli('org', 'import', join(dir, 'changed.json'));
    expect(res.out).toContain('1 active people are not in the file');
    expect(await db.models().people.findById('ou_wang_dz').lean()).toMatchObject({ name: '王小明', roles: ['unit_handler', 'intake'] });
    expect(await db.models().people.findById('ou_zhao_jt').lean()).toMatchObject({ active: true });
    // The first import recorded unit_handler; this one adds intake.
    expect(await db.models().roleChanges.find({ person: 'ou_wang_dz' }).sort({ at: 1 }).lean()).toMatchObject([
      { role: 'unit_handler', change: 'grant', via: 'import' },
      { role: 'intake', change: 'grant', via: 'import', by: 'cli:tester' },
    ]);

    const pruned = await cli('org', 'import', join(dir, 'changed.json'), '--prune');
    expect(pruned.out).toContain('- 停用 deactivate ou_zhao_jt');
    expect(await db.models().people.findById('ou_zhao_jt').lean()).toMatchObject({ active: false });
    expect(await db.models().people.countDocuments()).toBe(4);
  });

  it('a CSV without header creates the units it names, guessing their kind', async () => {
    const res = await cli('org', 'import', file('people.csv', 'ou_a1,甲,,,xq,西区街道,unit_handler\nou_a2,乙,,,hz,河镇,unit_head|unit_handler\n'));
    expect(res.code).toBe(0);
    expect(await db.models().units.findById('xq').lean()).toMatchObject({ name: '西区街道', kind: 'street' });
    expect(await db.models().units.findById('hz').lean()).toMatchObject({ name: '河镇', kind: 'town' });
  });

  it('prints a progress bar for imports of more than a few hundred rows', async () => {
    const rows = Array.from({ length: 320 }, (_, i) => `ou_bulk_${i},人员${i},,,dz,大镇,unit_handler`).join('\n');
    const res = await cli('org', 'import', file('bulk.csv', rows));
    expect(res.code).toBe(0);
    expect(res.err).toMatch(/import 导入 \[.*\] 321\/321 100%/);
    expect(await db.models().people.countDocuments()).toBe(320);
  }, 60_000);
});

describe('invalid files are rejected whole, naming row and field', () => {
  const nothingWritten = async () => {
    expect(await db.models().people.countDocuments()).toBe(0);
    expect(await db.models().units.countDocuments()).toBe(0);
  };
  it('an unknown role', async () => {
    const res = await cli('org', 'import', file('bad-role.csv', 'open_id,name,title,phone,unit_code,unit_name,roles\nou_a,甲,,,dz,大镇,unit_handler\nou_b,乙,,,dz,大镇,dispacher\n'));
    expect(res.code).toBe(1);
    expect(res.err).toContain('第 3 行 roles');
    expect(res.err).toContain('未知角色 "dispacher"');
    expect(res.err).toContain('row 3, roles');
    expect(res.err).toContain('Nothing was written');
    await nothingWritten();
  });
  it('a missing column, a duplicate open_id, bad JSON', async () => {
    const missing = await cli('org', 'import', file('short.csv', 'ou_a,甲,,,dz\n'));
    expect(missing.err).toContain('missing column(s): unit_name, roles');
    const dup = await cli('org', 'import', file('dup.csv', 'ou_a,甲,,,dz,大镇,\nou_a,乙,,,dz,大镇,\n'));
    expect(dup.err).toContain('duplicate open_id ou_a (same as row 1)');
    const json = await cli('org', 'import', file('bad.json', '{"units": [}'));
    expect(json.err).toContain('not valid JSON');
    for (const r of [missing, dup, json]) expect(r.code).toBe(1);
    await nothingWritten();
  });
  it('a person in a unit neither the file nor the directory knows', async () => {
    const res = await cli('org', 'import', file('unit.json', { units: [], people: [{ openId: 'ou_a', name: '甲', unit: 'nowhere', roles: [] }] }));
    expect(res.code).toBe(1);
    expect(res.err).toContain('unknown unit nowhere');
    await nothingWritten();
  });
  it('a file that cannot be read', async () => {
    const res = await cli('org', 'import', join(dir, 'absent.json'));
    expect(res).toMatchObject({ code: 1 });
    expect(res.err).toContain('ENOENT');
  });
});

describe('org grant / revoke / list', () => {
  it('grants and revokes with an audit entry; unknown people and roles are refused', async () => {
    await cli('org', 'import', file('office.json', office));
    expect((await cli('org', 'grant', 'ou_wang_dz', 'dispatcher')).out).toContain('已授予 granted 派单员 dispatcher → ou_wang_dz');
    expect((await cli('org', 'grant', 'ou_wang_dz', '派单员')).out).toContain('already has');
    expect((await cli('org', 'revoke', 'ou_wang_dz', 'unit_handler')).code).toBe(0);
    expect(await db.models().people.findById('ou_wang_dz').lean()).toMatchObject({ roles: ['dispatcher'] });
    expect(await db.models().roleChanges.find({ person: 'ou_wang_dz', via: 'cli' }).sort({ at: 1 }).lean()).toMatchObject([
      { role: 'dispatcher', change: 'grant', by: 'cli:tester' },
      { role: 'unit_handler', change: 'revoke', by: 'cli:tester' },
    ]);
    const nobody = await cli('org', 'grant', 'ou_nobody', 'admin');
    expect(nobody).toMatchObject({ code: 1 });
    expect(nobody.err).toContain('not in the directory');
    expect((await cli('org', 'grant', 'ou_wang_dz', 'boss')).code).toBe(2);
  });
  it('lists people by role and by unit', async () => {
    await cli('org', 'import', file('office.json', office));
    const heads = await cli('org', 'list', '--role', 'section_head');
    expect(heads.out.trim().split('\n')).toEqual(['ou_head_li\t李科长\t科长\tmszk 秘书科\tsection_head|dispatcher']);
    const dz = await cli('org', 'list', '--unit', 'dz');
    expect(dz.out).toContain('ou_wang_dz');
    expect(dz.out).not.toContain('ou_head_li');
    expect((await cli('org', 'list', '--unit', 'nowhere')).code).toBe(1);
  });
});

describe('usage', () => {
  it('--help describes every command; unknown commands and options exit 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const c of ['org import FILE', 'org export', 'org list', 'org grant', 'org revoke', 'org sync']) expect(help.out).toContain(c);
    expect((await cli('org', '--help')).out).toContain('--prune');
    expect((await cli('nope')).code).toBe(2);
    expect((await cli('org', 'import', 'x.json', '--force')).code).toBe(2);
  });
  it('approval flows lists every flow with its steps and deciders', async () => {
    const res = await cli('approval', 'flows');
    expect(res.code).toBe(0);
    expect(res.out).toContain('document\t发文审批 Document sign-off');
    expect(res.out).toContain('3. legal\t法制审核 Legal review\tany unit_head 承办单位负责人 in unit fzb\t(conditional 条件步骤)');
    expect(res.out).toContain('swap\t换班申请');
    expect(res.out).toContain('同一人不审批同一审批的两个步骤');
    expect((await cli('approval', 'nope')).code).toBe(2);
  });
  it('calendar set / show / import / unset, with every file problem named and nothing written on any', async () => {
    expect((await cli('calendar', 'set', '2027-02-06', 'workday', '--note', '春节调休')).out).toContain('2027-02-06 → 上班 workday');
    const feb = await cli('calendar', 'show', '2027-02');
    expect(feb.out).toContain('2027-02-06 周六\t上班 workday (覆盖 override: 春节调休)');
    expect(feb.out).toContain('2027-02-07 周日\t休息 day off');
    const bad = await cli('calendar', 'import', file('bad-cal.txt', '2027-02-10 holiday 春节\n2027-13-01 holiday\n2027-02-11 maybe\n'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('第 2 行');
    expect(bad.err).toContain('第 3 行');
    expect(await db.models().calendarDays.countDocuments({ _id: '2027-02-10' })).toBe(0);
    const ok = await cli('calendar', 'import', file('cal.txt', '# 2027 春节\n2027-02-10 holiday 春节\n2027-02-11 holiday\n2027-02-20 workday 补班\n'));
    expect(ok.out).toContain('imported 3');
    expect((await cli('calendar', 'show', '2027-02')).out).toContain('2027-02-20 周六\t上班 workday');
    await cli('calendar', 'unset', '2027-02-20');
    expect((await cli('calendar', 'show', '2027-02')).out).toContain('2027-02-20 周六\t休息 day off');
    expect((await cli('calendar', 'set', '2027-02-30', 'workday')).code).toBe(2);
    await db.models().calendarDays.deleteMany({});
    await db.models().calendarYears.deleteMany({});
  });

  it('calendar show marks the days of a year whose holidays are not published (未公布); one override does not publish the year, an import does', async () => {
    const jan = await cli('calendar', 'show', '2027-01');
    expect(jan.out).toContain('2027 年节假日安排未公布');
    expect(jan.out).toContain('2027-01-01 周五\t上班 workday · 未公布 not published');
    expect((await cli('calendar', 'show', '2026-10')).out).not.toContain('未公布'); // the package knows 2026
    // An office override in March: that day is the admin's word, the year is still unknown.
    await cli('calendar', 'set', '2027-03-01', 'holiday', '--note', '区庆');
    const stillUnknown = await cli('calendar', 'show', '2027-01');
    expect(stillUnknown.out).toContain('2027-01-01 周五\t上班 workday · 未公布 not published');
    expect((await cli('calendar', 'show', '2027-03')).out).toContain('2027-03-01 周一\t休息 day off (覆盖 override: 区庆)\n');
    // The State Council's notice, imported: 2027 is known, 元旦 is a holiday and nothing is 未公布.
    const imported = await cli('calendar', 'import', file('2027.txt', '2027-01-01 holiday 元旦\n2027-02-06 workday 春节调休\n2027-02-10 holiday 春节\n'));
    expect(imported.out).toContain('2027 年节假日安排已登记为已公布');
    const known = await cli('calendar', 'show', '2027-01');
    expect(known.out).not.toContain('未公布');
    expect(known.out).toContain('2027-01-01 周五\t休息 day off (覆盖 override: 元旦)');
    expect((await cli('calendar', 'show', '2027-05')).out).not.toContain('未公布');
    await db.models().calendarDays.deleteMany({});
    await db.models().calendarYears.deleteMany({});
  });

  it('schedules list shows each job, on or off, its time, next firing and last run; set switches and moves one', async () => {
    const list = await cli('schedules', 'list');
    for (const name of ['overdue-digest', 'deadline-reminders', 'overdue-escalation', 'calendar-check', 'approval-sweep', 'purge']) expect(list.out).toContain(name);
    expect(list.out).toMatch(/overdue-digest\ton 开\t0 9 \* \* \*\tnext \d{4}-\d\d-\d\d 09:00\tlast never/);
    expect((await cli('schedules', 'set', 'overdue-digest', '--cron', '30 8 * * *')).code).toBe(0);
    expect((await cli('schedules', 'set', 'purge', '--off')).code).toBe(0);
    const after = (await cli('schedules', 'list')).out;
    expect(after).toMatch(/overdue-digest\ton 开\t30 8 \* \* \*\tnext \d{4}-\d\d-\d\d 08:30/);
    expect(after).toContain('purge\toff 关');
    expect((await cli('schedules', 'set', 'nope', '--off')).code).toBe(2);
    expect((await cli('schedules', 'set', 'purge', '--cron', 'every day')).code).toBe(2);
    await db.models().scheduleSettings.deleteMany({});
  });

  it('org sync without Lark credentials says what is missing', async () => {
    const res = await cli('org', 'sync');
    expect(res.code).toBe(1);
    expect(res.err).toContain('LARK_APP_ID');
  });
  it('runs as a process, the way `npm run govdesk` does', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'org', 'list', '--all'], {
      env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: uri },
    });
    expect(stdout).toBe('');
  }, 60_000);
});
