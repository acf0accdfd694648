import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import nock from 'nock';
import { connectDatabase } from '../../src/db/connect-database.js';
import { toPerson } from '../../src/directory/directory.js';
import { syncFromLark, type SyncReport } from '../../src/directory/org-sync.js';
import { createLarkContactApi, type LarkContactApi } from '../../src/lark/lark-contact-api.js';
import { createSdkClient } from '../../src/lark/sdk-client.js';
import type { Clock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { createModels, ensureIndexes, type Models } from '../../src/models/create-models.js';
import { testDatabaseUri } from '../helpers/test-database.js';

const BASE = 'http://lark.test';

interface FakeDept {
  name: string;
  open_department_id: string;
  department_id?: string;
  parent_department_id: string;
}
interface FakeUser {
  open_id: string;
  name: string;
  job_title?: string;
  mobile?: string;
  department_ids: string[];
  status: { is_resigned: boolean };
}

const user = (open_id: string, name: string, department_ids: string[], extra: Partial<FakeUser> = {}): FakeUser => ({
  open_id,
  name,
  job_title: '科员',
  mobile: '+86 138 0000 0001',
  department_ids,
  status: { is_resigned: false },
  ...extra,
});

/** Lark's contact directory as the fake serves it: departments in pages, each department's users in pages. */
const departmentPages: FakeDept[][] = [
  [
    { name: '城关镇', open_department_id: 'od-town', department_id: 'CGZ', parent_department_id: '0' },
    { name: '东城街道', open_department_id: 'od-street', department_id: 'DCJD', parent_department_id: '0' },
  ],
  [
    { name: '民政局', open_department_id: 'od-mzj', department_id: 'MZJ', parent_department_id: '0' },
    // No tenant department id: the unit is keyed by the open department id.
    { name: '综合科', open_department_id: 'od-office', parent_department_id: 'od-mzj' },
  ],
];
const userPages = new Map<string, FakeUser[][]>([
  ['0', [[user('ou_director', '周主任', ['0'], { job_title: '主任', mobile: '13900000000' })]]],
  ['od-town', [[user('ou_town1', '陈一', ['od-town']), user('ou_shared', '林共', ['od-mzj', 'od-town'], { job_title: '副局长' })]]],
  ['od-street', [[user('ou_street1', '吴二', ['od-street'], { job_title: '', mobile: '' })]]],
  [
    'od-mzj',
    [
      [user('ou_mzj1', '张三', ['od-mzj']), user('ou_shared', '林共', ['od-mzj', 'od-town'], { job_title: '副局长' })],
      [user('ou_mzj2', '李四', ['od-mzj']), user('ou_gone', '离职者', ['od-mzj'], { status: { is_resigned: true } })],
      [user('ou_mzj3', '王五', ['od-mzj'])],
    ],
  ],
  ['od-office', [[]]],
]);

const requests = new Map<string, number>();
const requestCount = (key: string) => requests.get(key) ?? 0;
const count = (key: string) => requests.set(key, requestCount(key) + 1);
const queries: URLSearchParams[] = [];
let tokenRequests = 0;

/** Pages are addressed as p<n>; the first page has no token. */
const pageIndex = (token: string | null) => (token ? Number(token.replace(/^.*-p/, '')) : 0);
const pageAnswer = <T>(pages: T[][], index: number, tokenPrefix: string) => {
  const items = pages[index];
  if (!items) return [400, { code: 99992402, msg: `no page ${index}` }] as const;
  const hasMore = index < pages.length - 1;
  return [200, { code: 0, msg: 'success', data: { items, has_more: hasMore, ...(hasMore ? { page_token: `${tokenPrefix}-p${index + 1}` } : {}) } }] as const;
};

function fakeLark() {
  nock(BASE)
    .persist()
    .post('/open-apis/auth/v3/tenant_access_token/internal')
    .reply(200, () => {
      tokenRequests++;
      return { code: 0, msg: 'ok', tenant_access_token: 't-x', expire: 7200 };
    })
    .get('/open-apis/contact/v3/departments/0/children')
    .query(true)
    .reply(function (uri) {
      const q = new URL(uri, BASE).searchParams;
      queries.push(q);
      if (this.req.headers.authorization !== 'Bearer t-x') return [401, { code: 99991663, msg: 'bad token' }];
      count(`departments|${q.get('page_token') ?? ''}`);
      return pageAnswer(departmentPages, pageIndex(q.get('page_token')), 'dept');
    })
    .get('/open-apis/contact/v3/users/find_by_department')
    .query(true)
    .reply(function (uri) {
      const q = new URL(uri, BASE).searchParams;
      queries.push(q);
      if (this.req.headers.authorization !== 'Bearer t-x') return [401, { code: 99991663, msg: 'bad token' }];
      const dept = q.get('department_id') ?? '';
      count(`users|${dept}|${q.get('page_token') ?? ''}`);
      const pages = userPages.get(dept);
      if (!pages) return [400, { code: 40013, msg: `no department ${dept}` }];
      return pageAnswer(pages, pageIndex(q.get('page_token')), `users-${dept}`);
    });
}

let conn: Connection;
let models: Models;
let api: LarkContactApi;
let now = new Date('2025-03-03T09:00:00Z');
const clock: Clock = { now: () => now };
const later = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
  return now;
};

beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('orgsync'));
  models = createModels(conn);
  await ensureIndexes(models);
  fakeLark();
  api = createLarkContactApi(createSdkClient({ appId: 'cli_test', appSecret: 's', domain: BASE, log: createLogger('silent') }));
});
afterAll(async () => {
  nock.cleanAll();
  await conn.dropDatabase();
  await conn.close();
});

const sync = () => syncFromLark(api, models, { clock });
const snapshot = async () => ({
  units: await models.units.find({}).sort({ _id: 1 }).lean(),
  people: await models.people.find({}).sort({ _id: 1 }).lean(),
});
const noChange = (r: SyncReport) => ({ unitsCreated: r.unitsCreated, unitsUpdated: r.unitsUpdated, peopleCreated: r.peopleCreated, peopleUpdated: r.peopleUpdated, peopleDeactivated: r.peopleDeactivated });
const ZERO = { unitsCreated: 0, unitsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, peopleDeactivated: 0 };

// The steps build on one another, in order.
describe('syncFromLark through the SDK-backed contact API', () => {
  let first: SyncReport;
  const firstAt = now;

  it('creates units from departments and people from their members', async () => {
    const progress: [number, number][] = [];
    first = await syncFromLark(api, models, { clock, onProgress: (d, t) => progress.push([d, t]) });
    expect(first).toEqual({ unitsCreated: 4, unitsUpdated: 0, peopleCreated: 7, peopleUpdated: 0, peopleDeactivated: 0, unchanged: 0, notInLark: 0 });
    // One progress tick per distinct user seen (the resigned one included), the last one complete.
    expect(progress).toHaveLength(8);
    expect(progress.at(-1)).toEqual([8, 8]);

    const units = await models.units.find({}).sort({ _id: 1 }).lean();
    expect(units).toEqual([
      { _id: 'CGZ', name: '城关镇', kind: 'town', sectionHeads: [], active: true, larkDepartmentId: 'od-town', updatedAt: firstAt },
      { _id: 'DCJD', name: '东城街道', kind: 'street', sectionHeads: [], active: true, larkDepartmentId: 'od-street', updatedAt: firstAt },
      { _id: 'MZJ', name: '民政局', kind: 'department', sectionHeads: [], active: true, larkDepartmentId: 'od-mzj', updatedAt: firstAt },
      { _id: 'od-office', name: '综合科', kind: 'section', sectionHeads: [], active: true, larkDepartmentId: 'od-office', updatedAt: firstAt },
    ]);
  });

  it('creates people with title, phone and unit, and no roles; not the resigned user', async () => {
    const people = await models.people.find({}).sort({ _id: 1 }).lean();
    const byId = new Map(people.map((p) => [p._id, p]));
    expect([...byId.keys()].sort()).toEqual(['ou_director', 'ou_mzj1', 'ou_mzj2', 'ou_mzj3', 'ou_shared', 'ou_street1', 'ou_town1']);
    expect(byId.has('ou_gone')).toBe(false);
    for (const p of people) {
      expect(p.roles).toEqual([]);
      expect(toPerson(p).roles).toEqual([]);
      expect(p.active).toBe(true);
      expect(p.source).toBe('sync');
      expect(p.updatedAt).toEqual(firstAt);
    }
    expect(byId.get('ou_director')).toMatchObject({ name: '周主任', title: '主任', phone: '13900000000', unit: '' });
    expect(byId.get('ou_mzj1')).toMatchObject({ name: '张三', title: '科员', phone: '+86 138 0000 0001', unit: 'MZJ' });
    expect(byId.get('ou_town1')).toMatchObject({ name: '陈一', unit: 'CGZ' });
    expect(byId.get('ou_street1')).toMatchObject({ name: '吴二', title: '', phone: '', unit: 'DCJD' });
    // Listed under the town first, but their first department is 民政局.
    expect(byId.get('ou_shared')).toMatchObject({ name: '林共', title: '副局长', unit: 'MZJ' });
    expect(byId.get('ou_mzj3')).toMatchObject({ unit: 'MZJ' });
  });

  it('requested every page, each once, with the documented query', () => {
    expect(Object.fromEntries(requests)).toEqual({
      'departments|': 1,
      'departments|dept-p1': 1,
      'users|0|': 1,
      'users|od-town|': 1,
      'users|od-street|': 1,
      'users|od-mzj|': 1,
      'users|od-mzj|users-od-mzj-p1': 1,
      'users|od-mzj|users-od-mzj-p2': 1,
      'users|od-office|': 1,
    });
    expect(tokenRequests).toBe(1);
    for (const q of queries) {
      expect(q.get('page_size')).toBe('50');
      expect(q.get('department_id_type')).toBe('open_department_id');
    }
    const deptQueries = queries.filter((q) => q.has('fetch_child'));
    expect(deptQueries).toHaveLength(2);
    for (const q of deptQueries) expect(q.get('fetch_child')).toBe('true');
    const userQueries = queries.filter((q) => q.has('department_id'));
    expect(userQueries).toHaveLength(7);
    for (const q of userQueries) expect(q.get('user_id_type')).toBe('open_id');
  });

  it('a second run reports nothing created or updated and changes no document', async () => {
    const before = await snapshot();
    requests.clear();
    later(60);
    const second = await sync();
    expect(noChange(second)).toEqual(ZERO);
    expect(second.unchanged).toBe(4 + 7);
    expect(await snapshot()).toEqual(before);
    // It still read everything.
    expect(requestCount('departments|dept-p1')).toBe(1);
    expect(requestCount('users|od-mzj|users-od-mzj-p2')).toBe(1);
    expect([...requests.values()].reduce((a, b) => a + b, 0)).toBe(9);
  });

  it('renames a person and keeps the role given in the directory', async () => {
    await models.people.updateOne({ _id: 'ou_mzj1' }, { $set: { roles: ['dispatcher'] } });
    const others = (await snapshot()).people.filter((p) => p._id !== 'ou_mzj1');
    userPages.get('od-mzj')![0]![0]!.name = '张三丰';
    const at = later(60);
    const third = await sync();
    expect(third).toMatchObject({ ...ZERO, peopleUpdated: 1 });
    const p = await models.people.findById('ou_mzj1').lean();
    expect(p).toMatchObject({ name: '张三丰', roles: ['dispatcher'], unit: 'MZJ', active: true, updatedAt: at });
    expect((await snapshot()).people.filter((q) => q._id !== 'ou_mzj1')).toEqual(others);
  });

  it('a unit keeps the kind and section heads set in the directory when its department is renamed', async () => {
    await models.units.updateOne({ _id: 'CGZ' }, { $set: { kind: 'street', sectionHeads: ['ou_director'] } });
    departmentPages[0]![0]!.name = '城关镇人民政府';
    const at = later(60);
    const r = await sync();
    expect(r).toMatchObject({ ...ZERO, unitsUpdated: 1 });
    expect(await models.units.findById('CGZ').lean()).toEqual({
      _id: 'CGZ',
      name: '城关镇人民政府',
      kind: 'street',
      sectionHeads: ['ou_director'],
      active: true,
      larkDepartmentId: 'od-town',
      updatedAt: at,
    });
    expect(await models.units.countDocuments()).toBe(4);
  });

  it('a unit keeps the code it was given in the directory when its department is renamed', async () => {
    // Re-key 民政局 as MINZHENG (an _id cannot change in place): same Lark department, edited kind and heads.
    const mzj = (await models.units.findById('MZJ').lean())!;
    await models.units.create({ ...mzj, _id: 'MINZHENG', kind: 'section', sectionHeads: ['ou_shared'] });
    await models.units.deleteOne({ _id: 'MZJ' });
    departmentPages[1]![0]!.name = '区民政局';
    const at = later(60);
    const r = await sync();
    // Its members now point at the unit's code in the directory.
    expect(r).toMatchObject({ unitsCreated: 0, unitsUpdated: 1, peopleCreated: 0, peopleUpdated: 4, peopleDeactivated: 0 });
    const units = await models.units.find({}).sort({ _id: 1 }).lean();
    expect(units.map((u) => u._id)).toEqual(['CGZ', 'DCJD', 'MINZHENG', 'od-office']);
    expect(units.find((u) => u._id === 'MINZHENG')).toEqual({
      _id: 'MINZHENG',
      name: '区民政局',
      kind: 'section',
      sectionHeads: ['ou_shared'],
      active: true,
      larkDepartmentId: 'od-mzj',
      updatedAt: at,
    });
    const members = await models.people.find({ unit: 'MINZHENG' }).sort({ _id: 1 }).lean();
    expect(members.map((p) => p._id)).toEqual(['ou_mzj1', 'ou_mzj2', 'ou_mzj3', 'ou_shared']);
    expect(members.find((p) => p._id === 'ou_mzj1')?.roles).toEqual(['dispatcher']);

    // And once more: nothing to do.
    const before = await snapshot();
    later(60);
    expect(noChange(await sync())).toEqual(ZERO);
    expect(await snapshot()).toEqual(before);
  });

  it('deactivates a person who resigned, keeping their roles', async () => {
    await models.people.updateOne({ _id: 'ou_town1' }, { $set: { roles: ['unit_handler'] } });
    userPages.get('od-town')![0]![0]!.status = { is_resigned: true };
    const at = later(60);
    const r = await sync();
    expect(r).toMatchObject({ ...ZERO, peopleDeactivated: 1 });
    expect(await models.people.findById('ou_town1').lean()).toMatchObject({ active: false, roles: ['unit_handler'], unit: 'CGZ', updatedAt: at });
    expect(await models.people.findById('ou_gone').lean()).toBeNull();
  });
});

describe('a unit loaded from a file before the first sync', () => {
  it('is linked to the department whose own id is its code, not duplicated', async () => {
    await models.units.deleteMany({});
    await models.units.create({ _id: 'MZJ', name: '民政局（导入）', kind: 'department', sectionHeads: ['ou_head_file'], active: true, updatedAt: now });
    await syncFromLark(api, models, { clock });
    expect(await models.units.countDocuments({ _id: /^MZJ/ })).toBe(1);
    expect(await models.units.findById('MZJ').lean()).toMatchObject({ name: '区民政局', larkDepartmentId: 'od-mzj', sectionHeads: ['ou_head_file'] });
  });
});
