import { describe, expect, it } from 'vitest';
import { larkChecked, larkDate, larkDateTime, larkOptions, larkPerson, larkTime } from '../../src/lark/form-values.js';

// Values as form-container.md's 回调结构 shows them: "DatePicker_…": "2024-04-01 +0800",
// "DateTimePicker_…": "2024-04-29 07:07 +0800", "PersonSelect_…": "ou_…", "TimePicker_…": "00:00 +0800".
describe('reading the values Lark sends from card components', () => {
  it('date_picker: the picked calendar date, with or without the offset Lark appends', () => {
    expect(larkDate('2024-04-01 +0800')).toBe('2024-04-01');
    expect(larkDate('2026-12-21 +0800')).toBe('2026-12-21');
    expect(larkDate('2026-12-21 -0500')).toBe('2026-12-21');
    expect(larkDate('2026-12-21')).toBe('2026-12-21');
    expect(larkDate(undefined)).toBe('');
    expect(larkDate('')).toBe('');
  });

  it('date_picker: refuses what Lark would not send', () => {
    for (const bad of ['2026-02-30 +0800', '2026/12/21', '21-12-2026', 'tomorrow', '2026-12-21 +08', '2026-12-21 +0800 x', 20261221, ['2026-12-21']]) {
      expect(larkDate(bad), String(bad)).toBeNull();
    }
  });

  it('picker_time: the time in the office zone', () => {
    expect(larkTime('00:00 +0800', 'Asia/Shanghai')).toBe('00:00');
    expect(larkTime('09:30 +0900', 'Asia/Shanghai')).toBe('08:30');
    expect(larkTime('24:00 +0800', 'Asia/Shanghai')).toBeNull();
  });

  it('picker_datetime: the instant meant', () => {
    expect((larkDateTime('2024-04-29 07:07 +0800', 'Asia/Shanghai') as Date).toISOString()).toBe('2024-04-28T23:07:00.000Z');
    expect(larkDateTime('2024-04-29 07:07 +08:00', 'Asia/Shanghai')).toBeInstanceOf(Date);
    expect(larkDateTime('2024-04-29', 'Asia/Shanghai')).toBeNull();
    expect(larkDateTime('', 'Asia/Shanghai')).toBe('');
  });

  it('select_person: one open_id; multi-selects: arrays; checker: a boolean', () => {
    expect(larkPerson('ou_3c14f3a59eaf2825dbe25359f1595b00')).toBe('ou_3c14f3a59eaf2825dbe25359f1595b00');
    expect(larkPerson(['ou_1'])).toBe('ou_1');
    expect(larkPerson('张三')).toBeNull();
    expect(larkOptions(['jd', 'jd', 'wjj'])).toEqual(['jd', 'wjj']);
    expect(larkOptions('jd')).toEqual(['jd']);
    expect(larkOptions([1])).toBeNull();
    expect(larkChecked(true)).toBe(true);
    expect(larkChecked(false)).toBe(false);
  });
});
