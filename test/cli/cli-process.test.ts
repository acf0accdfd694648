import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliDatabase } from '../helpers/cli-database.js';

/** The CLI run as a process, the way an administrator runs `npm run govdesk -- …` on the server. */
const db = cliDatabase('cliproc');
const { uri, dir } = db;

/** The environment of a server: the database, and none of the Lark variables of whoever runs the tests. */
const serverEnv = (extra: Record<string, string>) => {
  const env: Record<string, string | undefined> = { ...process.env, MONGODB_URI: uri, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('LARK_') || k === 'EMULATOR') delete env[k];
  return env;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `govdesk ARGS`. With `closeAfterFirstChunk` the reader goes away after the first chunk of
 * output, as `| head -1` does.
 */
function govdesk(args: string[], env: Record<string, string | undefined>, opts: { closeAfterFirstChunk?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (opts.closeAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI as a process', () => {
  it('`org list | head` stops quietly when the reader goes away: no EPIPE stack trace, exit 0', async () => {
    // Enough people that the list is far larger than a pipe holds (64 KB), so most of it is written after the reader left.
    const title = '街道办事处城市管理综合行政执法队网格化管理服务中心'.repeat(4);
    await db.models().units.create({ _id: 'dz', name: '东镇', kind: 'town', sectionHeads: [], active: true, updatedAt: new Date() });
    await db.models().people.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({ _id: `ou_p${String(i).padStart(5, '0')}`, name: `人员${i}`, title, phone: '', unit: 'dz', roles: ['unit_handler'], active: true, source: 'import', updatedAt: new Date() })),
    );
    const run = await govdesk(['org', 'list'], serverEnv({ NODE_ENV: 'test' }), { closeAfterFirstChunk: true });
    expect(run.stdout.startsWith('ou_p00000\t人员0\t')).toBe(true);
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(run.code, run.stderr).toBe(0);
    // The command finished all the same.
    expect(run.stderr).toContain('共 2000 人');
  }, 60_000);

  it('`org import FILE` runs under NODE_ENV=production without Lark credentials; `org sync` still says it needs them', async () => {
    const file = join(dir, 'office.json');
    writeFileSync(
      file,
      JSON.stringify({
        units: [{ code: 'mszk', name: '秘书科', kind: 'section', sectionHeads: [] }],
        people: [{ openId: 'ou_admin_zhou', name: '周管理', title: '信息员', phone: '', unit: 'mszk', roles: ['admin'] }],
      }),
    );
    const env = serverEnv({ NODE_ENV: 'production' });
    const imported = await govdesk(['org', 'import', file], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('导入完成 imported');
    expect(await db.models().people.findById('ou_admin_zhou').lean()).toMatchObject({ name: '周管理', roles: ['admin'] });
    const listed = await govdesk(['org', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('ou_admin_zhou\t周管理');
    const sync = await govdesk(['org', 'sync'], env);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain('org sync 需要飞书应用凭证 needs LARK_APP_ID and LARK_APP_SECRET');
  }, 60_000);
});
