import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/commands/message-text.js';
import { matchCommand } from '../../src/commands/match-command.js';
import type { Command } from '../../src/commands/command.js';
import { messageEvent } from '../helpers/lark-payloads.js';

const msg = (o: Parameters<typeof messageEvent>[0]) => messageEvent(o).event.message as Parameters<typeof messageText>[0];

describe('messageText', () => {
  it('strips @mention keys and folds white space', () => {
    expect(messageText(msg({ text: '  帮助   一下 ', mentions: [{ name: '政务助手', openId: 'ou_bot' }] }))).toBe('帮助 一下');
    expect(messageText(msg({ content: JSON.stringify({ text: '@_user_1 help @_all' }) }))).toBe('help');
  });
  it('gives null for other message types and broken content', () => {
    expect(messageText(msg({ messageType: 'image', content: '{"image_key":"img_x"}' }))).toBeNull();
    expect(messageText(msg({ content: 'not json' }))).toBeNull();
    expect(messageText(msg({ content: '{"text":5}' }))).toBeNull();
  });
});

describe('matchCommand', () => {
  const cmd = (id: string, words: string[]): Command => ({ id, words, summary: { zh: id, en: id }, run: async () => [] });
  const commands = [cmd('help', ['帮助', 'help']), cmd('new', ['登记', 'new']), cmd('newlist', ['登记列表'])];
  it('matches the command word, case-insensitively, and returns the rest as args', () => {
    expect(matchCommand(commands, 'HELP')?.command.id).toBe('help');
    expect(matchCommand(commands, '登记 张三来电')).toMatchObject({ command: { id: 'new' }, args: '张三来电' });
    expect(matchCommand(commands, '登记张三来电')?.args).toBe('张三来电');
    expect(matchCommand(commands, '登记列表')?.command.id).toBe('newlist');
  });
  it('needs a word boundary after Latin words', () => {
    expect(matchCommand(commands, 'helpme')).toBeNull();
    expect(matchCommand(commands, 'newspaper')).toBeNull();
    expect(matchCommand(commands, '你好')).toBeNull();
  });
});
