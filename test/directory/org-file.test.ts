import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, decodeText, parseOrgCsv, parseOrgFile, parseOrgJson, type FileProblem, type OrgData, type ParseResult } from '../../src/directory/org-file.js';

const HEADER = CSV_COLUMNS.join(',');
const BOM = '\uFEFF';

const ok = (r: ParseResult): OrgData => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problems)}`);
  return r.data;
};
const problems = (r: ParseResult): FileProblem[] => {
  if (r.ok) throw new Error(`expected problems, got ${JSON.stringify(r.data)}`);
  expect(r.problems.length).toBeGreaterThan(0);
  for (const p of r.problems) {
    expect(p.where.zh).toBeTruthy();
    expect(p.where.en).toBeTruthy();
    expect(p.problem.zh).toBeTruthy();
    expect(p.problem.en).toBeTruthy();
  }
  return r.problems;
};

const CSV_ROWS = [
  'ou_zhang,张三,科员,13800000001,MZJ,民政局,dispatcher|intake',
  'ou_li,李四,,,CGZ,城关镇,',
  'ou_wang, 王五 ,副局长,0571-8888 1234,MZJ,民政局,unit_head | unit_handler',
  'ou_zhao,赵六,,,,,',
];
const CSV_EXPECTED: OrgData = {
  units: [
    { code: 'MZJ', name: '民政局' },
    { code: 'CGZ', name: '城关镇' },
  ],
  people: [
    { openId: 'ou_zhang', name: '张三', title: '科员', phone: '13800000001', unit: 'MZJ', roles: ['dispatcher', 'intake'] },
    { openId: 'ou_li', name: '李四', title: '', phone: '', unit: 'CGZ', roles: [] },
    { openId: 'ou_wang', name: '王五', title: '副局长', phone: '0571-8888 1234', unit: 'MZJ', roles: ['unit_head', 'unit_handler'] },
    { openId: 'ou_zhao', name: '赵六', title: '', phone: '', unit: '', roles: [] },
  ],
};

describe('parseOrgCsv: valid files', () => {
  it('parses a file with the header row', () => {
    expect(ok(parseOrgCsv([HEADER, ...CSV_ROWS].join('\n')))).toEqual(CSV_EXPECTED);
  });

  it('parses a file without the header row', () => {
    expect(ok(parseOrgCsv(CSV_ROWS.join('\n')))).toEqual(CSV_EXPECTED);
  });

  it('parses a file with a UTF-8 BOM, CRLF line ends and a trailing newline', () => {
    expect(ok(parseOrgCsv(BOM + [HEADER, ...CSV_ROWS].join('\r\n') + '\r\n'))).toEqual(CSV_EXPECTED);
  });

  it('recognises a header in capitals or with spaces', () => {
    const header = 'Open_ID , Name, Title, Phone, Unit_Code, Unit_Name, Roles';
    expect(ok(parseOrgCsv([header, ...CSV_ROWS].join('\n')))).toEqual(CSV_EXPECTED);
  });

  it('accepts a quoted field holding a comma', () => {
    const data = ok(parseOrgCsv([HEADER, 'ou_a,"Smith, J",科员,,MZJ,"民政局",admin'].join('\n')));
    expect(data.people[0]).toEqual({ openId: 'ou_a', name: 'Smith, J', title: '科员', phone: '', unit: 'MZJ', roles: ['admin'] });
  });

  it('gives an empty directory for a header-only file', () => {
    expect(ok(parseOrgCsv(HEADER + '\n'))).toEqual({ units: [], people: [] });
  });

  it('lists a unit once, however many people it has', () => {
    const data = ok(parseOrgCsv(['ou_a,A,,,U1,Unit one,', 'ou_b,B,,,U1,,', 'ou_c,C,,,U1,Unit one,'].join('\n')));
    expect(data.units).toEqual([{ code: 'U1', name: 'Unit one' }]);
    expect(data.people.map((p) => p.unit)).toEqual(['U1', 'U1', 'U1']);
  });
});

describe('parseOrgCsv: invalid files are rejected whole', () => {
  it('names the row and the missing column when a row is short', () => {
    const r = parseOrgCsv([HEADER, 'ou_a,A,,,U1,X,', 'ou_b,B,,,U1,X'].join('\n'));
    const [p, ...rest] = problems(r);
    expect(rest).toEqual([]);
    expect(p!.where).toEqual({ zh: '第 3 行', en: 'row 3' });
    expect(p!.problem.zh).toContain('缺少列：roles');
    expect(p!.problem.zh).toContain('应有 7 列，实有 6 列');
    expect(p!.problem.en).toContain('missing column(s): roles');
    expect(p!.problem.en).toContain('(expected 7, found 6)');
  });

  it('names every missing column of a very short row', () => {
    const [p] = problems(parseOrgCsv('ou_a,A,科员,123'));
    expect(p!.where).toEqual({ zh: '第 1 行', en: 'row 1' });
    expect(p!.problem.en).toContain('unit_code, unit_name, roles');
    expect(p!.problem.zh).toContain('unit_code, unit_name, roles');
  });

  it('names the row and the value of an unknown role', () => {
    const r = parseOrgCsv([HEADER, 'ou_a,A,,,U1,X,dispatcher', 'ou_b,B,,,U1,X,dispatcher|boss'].join('\n'));
    const ps = problems(r);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.where).toEqual({ zh: '第 3 行 roles', en: 'row 3, roles' });
    expect(ps[0]!.problem.zh).toContain('未知角色 "boss"');
    expect(ps[0]!.problem.zh).toContain('dispatcher');
    expect(ps[0]!.problem.en).toContain('unknown role "boss"');
    expect(ps[0]!.problem.en).toContain('known: intake, dispatcher');
  });

  it('names both rows of a duplicate open_id', () => {
    const r = parseOrgCsv([HEADER, 'ou_a,A,,,U1,X,', 'ou_b,B,,,U1,X,', 'ou_a,C,,,U1,X,'].join('\n'));
    const ps = problems(r);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.where).toEqual({ zh: '第 4 行', en: 'row 4' });
    expect(ps[0]!.problem.zh).toBe('open_id ou_a 重复（与第 2 行相同）');
    expect(ps[0]!.problem.en).toBe('duplicate open_id ou_a (same as row 2)');
  });

  it('names the row and the value of a bad phone number', () => {
    const ps = problems(parseOrgCsv([HEADER, 'ou_a,A,,call me,U1,X,'].join('\n')));
    expect(ps).toEqual([
      { where: { zh: '第 2 行 phone', en: 'row 2, phone' }, problem: { zh: '电话号码格式不对："call me"', en: 'not a phone number: "call me"' } },
    ]);
  });

  it('refuses an open_id that does not start with ou_', () => {
    const ps = problems(parseOrgCsv(['on_abc,A,,,U1,X,', 'ou_b,B,,,U1,X,'].join('\n')));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.where).toEqual({ zh: '第 1 行 open_id', en: 'row 1, open_id' });
    expect(ps[0]!.problem.zh).toContain('应以 ou_ 开头');
    expect(ps[0]!.problem.zh).toContain('"on_abc"');
    expect(ps[0]!.problem.en).toContain('not an open_id');
    expect(ps[0]!.problem.en).toContain('"on_abc"');
  });

  it('refuses an empty open_id and an empty name', () => {
    const ps = problems(parseOrgCsv([HEADER, ',A,,,U1,X,', 'ou_b,,,,U1,X,'].join('\n')));
    expect(ps.map((p) => p.where.en)).toEqual(['row 2, open_id', 'row 3, name']);
    expect(ps[1]!.problem).toEqual({ zh: '不能为空', en: 'must not be empty' });
  });

  it('refuses a unit code named with two different names', () => {
    const ps = problems(parseOrgCsv([HEADER, 'ou_a,A,,,MZJ,民政局,', 'ou_b,B,,,MZJ,民政所,'].join('\n')));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.where).toEqual({ zh: '第 3 行 unit_name', en: 'row 3, unit_name' });
    expect(ps[0]!.problem.zh).toContain('单位 MZJ 的名称与前文不一致');
    expect(ps[0]!.problem.zh).toContain('「民政所」≠「民政局」');
    expect(ps[0]!.problem.en).toBe('unit MZJ is named differently above: "民政所" vs "民政局"');
  });

  it('refuses a bad unit code', () => {
    const ps = problems(parseOrgCsv([HEADER, 'ou_a,A,,,民政,民政局,'].join('\n')));
    const person = ps.find((p) => p.where.en === 'row 2, unit_code');
    expect(person?.problem.zh).toContain('单位代码只能含字母、数字');
    expect(person?.problem.en).toContain('a unit code is letters, digits');
  });

  it('reports every problem of the file, not just the first', () => {
    const ps = problems(
      parseOrgCsv([HEADER, 'xx_1,A,,,U1,X,', 'ou_b,B,,abc,U1,X,', 'ou_c,C,,,U1,X,root', 'ou_d,D,,,U1,X'].join('\n')),
    );
    expect(ps.map((p) => p.where.en).sort()).toEqual(['row 2, open_id', 'row 3, phone', 'row 4, roles', 'row 5'].sort());
  });

  it('refuses a file that is not CSV', () => {
    const ps = problems(parseOrgCsv('ou_a,"unterminated,,,,,\n'));
    expect(ps[0]!.where).toEqual({ zh: '文件', en: 'file' });
    expect(ps[0]!.problem.zh).toContain('不是有效的 CSV');
    expect(ps[0]!.problem.en).toContain('not valid CSV');
  });
});

const JSON_FILE = {
  units: [
    { code: 'MZJ', name: '民政局', kind: 'department', sectionHeads: ['ou_head'] },
    { code: 'CGZ', name: '城关镇' },
  ],
  people: [
    { openId: 'ou_zhang', name: '张三', title: '科员', phone: '13800000001', unit: 'MZJ', roles: ['dispatcher'] },
    { openId: 'ou_head', name: '科长甲' },
  ],
};
const JSON_EXPECTED: OrgData = {
  units: [
    { code: 'MZJ', name: '民政局', kind: 'department', sectionHeads: ['ou_head'] },
    { code: 'CGZ', name: '城关镇' },
  ],
  people: [
    { openId: 'ou_zhang', name: '张三', title: '科员', phone: '13800000001', unit: 'MZJ', roles: ['dispatcher'] },
    { openId: 'ou_head', name: '科长甲', title: '', phone: '', unit: '', roles: [] },
  ],
};

describe('parseOrgJson', () => {
  it('parses a valid file, filling in defaults', () => {
    expect(ok(parseOrgJson(JSON.stringify(JSON_FILE, null, 2)))).toEqual(JSON_EXPECTED);
  });

  it('parses a file with a BOM, and one with only people', () => {
    expect(ok(parseOrgJson(BOM + JSON.stringify(JSON_FILE)))).toEqual(JSON_EXPECTED);
    expect(ok(parseOrgJson(JSON.stringify({ people: JSON_FILE.people })))).toEqual({ units: [], people: JSON_EXPECTED.people });
  });

  it('refuses bad JSON, saying so in both languages', () => {
    const ps = problems(parseOrgJson('{"people": [ {"openId": "ou_a", '));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.where).toEqual({ zh: '文件', en: 'file' });
    expect(ps[0]!.problem.zh).toMatch(/^不是有效的 JSON：/);
    expect(ps[0]!.problem.en).toMatch(/^not valid JSON: /);
  });

  it('refuses JSON of the wrong shape', () => {
    for (const text of ['[]', '{"people": {"ou_a": "A"}}', '"units"']) {
      const ps = problems(parseOrgJson(text));
      expect(ps).toEqual([{ where: { zh: '文件', en: 'file' }, problem: { zh: '应为 {"units":[…],"people":[…]}', en: 'expected {"units":[…],"people":[…]}' } }]);
    }
  });

  it('locates each bad field by list, index and field', () => {
    const file = {
      units: [{ code: 'MZJ', name: '民政局', kind: 'city' }],
      people: [
        { openId: 'ou_a' },
        { openId: 'ou_b', name: 'B', phone: 'x', roles: ['admin', 'boss'] },
        { openId: 'u_c', name: 'C' },
      ],
    };
    const ps = problems(parseOrgJson(JSON.stringify(file)));
    const at = (en: string) => ps.find((p) => p.where.en === en);
    expect(at('units[0].kind')).toEqual({
      where: { zh: 'units 第 1 项 kind', en: 'units[0].kind' },
      problem: expect.objectContaining({ zh: expect.stringContaining('未知单位类型 "city"'), en: expect.stringContaining('unknown unit kind "city"') }),
    });
    expect(at('people[0].name')).toEqual({ where: { zh: 'people 第 1 项 name', en: 'people[0].name' }, problem: { zh: '缺少此字段', en: 'missing' } });
    expect(at('people[1].phone')?.problem).toEqual({ zh: '电话号码格式不对："x"', en: 'not a phone number: "x"' });
    expect(at('people[1].roles.1')?.where.zh).toBe('people 第 2 项 roles.1');
    expect(at('people[1].roles.1')?.problem.en).toContain('unknown role "boss"');
    expect(at('people[2].openId')?.problem.zh).toContain('"u_c"');
    expect(ps).toHaveLength(5);
  });

  it('names both entries of a duplicate open_id, and a duplicate unit code', () => {
    const file = {
      units: [
        { code: 'U1', name: 'A' },
        { code: 'U1', name: 'B' },
      ],
      people: [
        { openId: 'ou_a', name: 'A' },
        { openId: 'ou_b', name: 'B' },
        { openId: 'ou_a', name: 'C' },
      ],
    };
    const ps = problems(parseOrgJson(JSON.stringify(file)));
    expect(ps).toContainEqual({
      where: { zh: 'people 第 3 项', en: 'people[2]' },
      problem: { zh: 'open_id ou_a 重复（与people 第 1 项相同）', en: 'duplicate open_id ou_a (same as people[0])' },
    });
    expect(ps).toContainEqual({ where: { zh: '单位 U1', en: 'unit U1' }, problem: { zh: '单位代码重复', en: 'duplicate unit code' } });
    expect(ps).toHaveLength(2);
  });
});

/** GBK/GB18030 bytes of the Chinese words used below (what Excel on a Chinese Windows writes). */
const GBK: Record<string, string> = { 张三: 'd5c5c8fd', 李四: 'c0eecbc4', 民政局: 'c3f1d5febed6', 城关镇: 'b3c7b9d8d5f2', 科员: 'bfc6d4b1' };
const gbk = (text: string): Buffer => {
  const parts: Buffer[] = [];
  let rest = text;
  while (rest.length > 0) {
    const word = Object.keys(GBK).find((w) => rest.startsWith(w));
    if (word) {
      parts.push(Buffer.from(GBK[word]!, 'hex'));
      rest = rest.slice(word.length);
    } else {
      const ch = rest[0]!;
      if (ch.charCodeAt(0) > 0x7f) throw new Error(`no GBK bytes for ${ch}`);
      parts.push(Buffer.from(ch, 'ascii'));
      rest = rest.slice(1);
    }
  }
  return Buffer.concat(parts);
};

describe('decodeText', () => {
  it('decodes UTF-8 (keeping the text as it is)', () => {
    expect(decodeText(Buffer.from('张三,民政局', 'utf8'))).toBe('张三,民政局');
  });

  it('falls back to GB18030 for bytes that are not UTF-8', () => {
    const bytes = Buffer.from('d5c5c8fd', 'hex');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeText(bytes)).toBe('张三');
    expect(decodeText(gbk('ou_a,张三,科员'))).toBe('ou_a,张三,科员');
  });
});

describe('parseOrgFile', () => {
  const csvText = [HEADER, 'ou_zhang,张三,科员,13800000001,MZJ,民政局,dispatcher', 'ou_li,李四,,,CGZ,城关镇,'].join('\r\n');
  const csvExpected: OrgData = {
    units: [
      { code: 'MZJ', name: '民政局' },
      { code: 'CGZ', name: '城关镇' },
    ],
    people: [
      { openId: 'ou_zhang', name: '张三', title: '科员', phone: '13800000001', unit: 'MZJ', roles: ['dispatcher'] },
      { openId: 'ou_li', name: '李四', title: '', phone: '', unit: 'CGZ', roles: [] },
    ],
  };

  it('reads a GB18030 CSV as Excel saves it', () => {
    const bytes = gbk(csvText);
    expect(bytes.includes(Buffer.from('张三', 'utf8'))).toBe(false);
    expect(ok(parseOrgFile(bytes, '通讯录.csv'))).toEqual(csvExpected);
  });

  it('reads a UTF-8 CSV, with or without a BOM', () => {
    expect(ok(parseOrgFile(Buffer.from(csvText, 'utf8'), 'org.csv'))).toEqual(csvExpected);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText, 'utf8')]);
    expect(ok(parseOrgFile(withBom, 'org.csv'))).toEqual(csvExpected);
  });

  it('reads JSON by its name or by its look', () => {
    const text = JSON.stringify(JSON_FILE);
    expect(ok(parseOrgFile(Buffer.from(text, 'utf8'), 'org.JSON'))).toEqual(JSON_EXPECTED);
    expect(ok(parseOrgFile(Buffer.from('\n  ' + text, 'utf8'), 'upload.txt'))).toEqual(JSON_EXPECTED);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(ok(parseOrgFile(withBom, 'upload'))).toEqual(JSON_EXPECTED);
  });

  it('reports a broken .json file as JSON, not as CSV', () => {
    const ps = problems(parseOrgFile(Buffer.from('ou_a,A,,,U1,X,', 'utf8'), 'org.json'));
    expect(ps[0]!.problem.en).toMatch(/^not valid JSON/);
  });

  it('reports problems of a GB18030 CSV in Chinese, with the decoded values', () => {
    const ps = problems(parseOrgFile(gbk([HEADER, 'ou_zhang,张三,,,MZJ,民政局,', 'ou_li,李四,,,MZJ,城关镇,'].join('\n')), 'org.csv'));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.where.zh).toBe('第 3 行 unit_name');
    expect(ps[0]!.problem.zh).toContain('「城关镇」≠「民政局」');
  });
});

describe('row numbers and columns in messages', () => {
  it('a duplicate after an invalid row names the real rows', () => {
    const r = parseOrgCsv('ou_x,A,,bad!,U1,X,\nou_a,A,,,U1,X,\nou_a,B,,,U1,X,\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const dup = r.problems.find((p) => p.problem.en.startsWith('duplicate open_id'));
    expect(dup?.where.en).toBe('row 3');
    expect(dup?.problem.en).toBe('duplicate open_id ou_a (same as row 2)');
  });
  it('blank lines keep the file line numbers, and extra columns are refused rather than dropped', () => {
    const r = parseOrgCsv('ou_a,A,,,U1,X,\n\nou_b,B,,,U1,X,dispatcher,admin\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.where.en).toBe('row 3');
    expect(r.problems[0]!.problem.en).toContain('too many columns');
  });
  it('accepts the 35-character unit codes Lark open department ids make', () => {
    expect(parseOrgCsv('ou_a,A,,,od-4e6ac4d14bcd5071a37a39de902c7141,X,').ok).toBe(true);
  });
});
