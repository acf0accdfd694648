import { describe, expect, it } from 'vitest';
import { normaliseText, TextIndex, textGrams } from '../../src/tickets/similar-answers.js';

const CALLS: [string, string][] = [
  ['A1', '咨询幸福小区地下停车位如何申请'],
  ['A2', '请问幸福小区停车位申请需要什么材料'],
  ['A3', '咨询小区停车位申请流程'],
  ['N1', '咨询新生儿医保如何办理'],
  ['N2', '咨询公积金提取需要什么材料'],
  ['N3', '反映和平路路灯不亮'],
];
const indexOf = (calls = CALLS) => {
  const index = new TextIndex<{ id: string; text: string }>((c) => c.text);
  for (const [id, text] of calls) index.put(id, { id, text });
  return index;
};

describe('similar calls by character n-grams', () => {
  it('normalises full-width characters and drops phone numbers; grams do not cross punctuation', () => {
    expect(normaliseText('ＡＢＣ１２３ 来电 13812345678')).toBe('abc123 来电  ');
    expect(textGrams('停车位，申请')).toEqual(new Set(['停车', '车位', '停车位', '申请']));
    expect(textGrams('')).toEqual(new Set());
  });

  it('finds the calls on the same matter, best first, and not the others', () => {
    const found = indexOf().similar('市民咨询幸福小区停车位怎么申请', { limit: 5 });
    expect(found.map((f) => f.key).sort()).toEqual(['A1', 'A2', 'A3']);
    expect(found[0]!.score).toBeGreaterThanOrEqual(found.at(-1)!.score);
    expect(indexOf().similar('咨询新生儿医保怎么办').map((f) => f.key)).toEqual(['N1']);
    // Nothing like it: nothing suggested.
    expect(indexOf().similar('咨询护照办理')).toEqual([]);
  });

  it('keeps to the limit, and an item put again replaces the old one', () => {
    expect(indexOf().similar('幸福小区停车位申请', { limit: 2 })).toHaveLength(2);
    const index = indexOf();
    index.put('A1', { id: 'A1', text: '咨询公积金贷款额度' });
    expect(index.size).toBe(CALLS.length);
    expect(index.similar('幸福小区停车位申请', { limit: 5 }).map((f) => f.key)).not.toContain('A1');
    index.remove('A2');
    expect(index.similar('幸福小区停车位申请', { limit: 5 }).map((f) => f.key)).toEqual(['A3']);
  });
});
