import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CardGate } from '../../src/cards/card-gate.js';
import { CardContractError } from '../../src/cards/contract/card-contract-error.js';
import { createLogger } from '../../src/lib/logger.js';
import { cardContent, type OutgoingMessage } from '../../src/outbox/outgoing-message.js';

const logs: Record<string, unknown>[] = [];
const log = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (logs.push(JSON.parse(c.toString())), cb()) }));

/** A card with a select that carries a label (select_static's page documents none). */
const badCard = {
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: '派单 ZX-20261201-0001' } },
  body: { elements: [{ tag: 'markdown', content: '幸福小区3栋路灯坏了三天' }, { tag: 'select_static', name: 'unit', label: { tag: 'plain_text', content: '主办单位' }, options: [] }] },
};
const goodCard = { ...badCard, body: { elements: [badCard.body.elements[0]] } };
const send = (card: unknown, key = 'k1'): OutgoingMessage => ({ op: 'send', key, receiveIdType: 'open_id', receiveId: 'ou_dispatcher', msgType: 'interactive', content: cardContent(card as Record<string, unknown>) });

describe('the card gate', () => {
  it('strict (tests): refuses a bad card where it is made, naming rule, path and page', () => {
    const gate = new CardGate('strict', log);
    expect(() => gate.messages([send(badCard)])).toThrow(CardContractError);
    expect(() => gate.messages([send(badCard)])).toThrow(/unsupported_property at body\.elements\[1\]\.label.*single-select-dropdown-menu\.md/);
    expect(gate.messages([send(goodCard)])).toEqual([send(goodCard)]);
  });

  it('fallback (production): logs the rule and sends what the card said as text, under the same key', () => {
    const gate = new CardGate('fallback', log);
    const [m] = gate.messages([send(badCard)]);
    expect(m).toMatchObject({ op: 'send', key: 'k1', receiveId: 'ou_dispatcher', msgType: 'text' });
    const text = JSON.parse(m!.content).text as string;
    expect(text).toContain('【派单 ZX-20261201-0001】');
    expect(text).toContain('幸福小区3栋路灯坏了三天');
    expect(text).toContain('这张卡片无法显示');
    expect(logs.at(-1)).toMatchObject({ level: 'error', outboxKey: 'k1', violations: [expect.objectContaining({ rule: 'unsupported_property', path: 'body.elements[1].label' })] });
  });

  it('fallback: a card update that breaks the contract becomes a text reply to that card', () => {
    const [m] = new CardGate('fallback', log).messages([{ op: 'patch', key: 'p1', targetKey: 'k0', content: cardContent(badCard) }]);
    expect(m).toMatchObject({ op: 'reply', key: 'p1', targetKey: 'k0', msgType: 'text' });
  });

  it('fallback: a callback answer whose card breaks the contract keeps its toast, says the card could not be redrawn, drops the card', () => {
    const answer = new CardGate('fallback', log).answer({ toast: { type: 'success', content: '已签收 Accepted', i18n: { zh_cn: '已签收', en_us: 'Accepted' } }, card: { type: 'raw', data: badCard } });
    expect(answer.card).toBeUndefined();
    expect(answer.toast).toMatchObject({ type: 'success', i18n: { zh_cn: expect.stringContaining('已签收（卡片无法更新') } });
  });

  it('defer (emulator): lets everything through for the emulator to judge', () => {
    const gate = new CardGate('defer', log);
    expect(gate.messages([send(badCard)])).toEqual([send(badCard)]);
    const answer = { card: { type: 'raw' as const, data: badCard } };
    expect(gate.answer(answer)).toBe(answer);
  });
});
