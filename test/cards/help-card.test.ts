import { describe, expect, it } from 'vitest';
import { helpCard } from '../../src/cards/help-card.js';
import { notUnderstoodCard } from '../../src/cards/not-understood-card.js';
import { expectValidCard } from '../helpers/card-assertions.js';

describe('help card', () => {
  it('is a card JSON 2.0 listing every command, Chinese first', () => {
    const card = helpCard([
      { words: ['帮助', 'help'], summary: { zh: '显示本帮助', en: 'Show this help' } },
      { words: ['登记', 'new'], usage: '登记 <内容>', summary: { zh: '登记来电', en: 'Log a call' } },
    ]);
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('**帮助** / `help`：显示本帮助');
    expect(text).toContain('Show this help');
    expect(text).toContain('登记 <内容>');
    expect(text.indexOf('使用帮助')).toBeLessThan(text.indexOf('Help'));
  });
});

describe('not-understood card', () => {
  it('quotes what was sent (defanged) and offers the help button', () => {
    const card = notUnderstoodCard('**<b>你好**');
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('发送 **帮助**');
    expect(text).not.toContain('<b>');
    expect(text).toContain('"a":"help.show"');
  });
});
