import { describe, expect, it } from 'vitest';
import { parseCallText } from '../../src/tickets/parse-call-text.js';

describe('parseCallText: a clerk’s notes of real-looking calls', () => {
  it.each([
    ['张三 13812345678 反映幸福小区路灯坏了三天', { callerName: '张三', phone: '13812345678', content: '幸福小区路灯坏了三天' }],
    ['来电人：李女士，电话0571-88886666，咨询医保报销流程', { callerName: '李女士', phone: '0571-88886666', content: '咨询医保报销流程' }],
    ['王建国来电，称东镇菜市场占道经营，手机138 1234 5678', { callerName: '王建国', phone: '13812345678', content: '东镇菜市场占道经营' }],
    ['反映幸福路有坑，请尽快处理', { callerName: '', phone: '', content: '反映幸福路有坑，请尽快处理' }],
    ['匿名来电：楼上装修噪音扰民', { callerName: '', phone: '', content: '楼上装修噪音扰民' }],
    ['姓名赵四 联系电话 15900001111 求助：老人走失', { callerName: '赵四', phone: '15900001111', content: '求助：老人走失' }],
    ['+86 186-0000-1234 投诉出租车拒载', { callerName: '', phone: '18600001234', content: '投诉出租车拒载' }],
    ['关于学区划分的咨询', { callerName: '', phone: '', content: '关于学区划分的咨询' }],
  ])('%s', (text, expected) => {
    expect(parseCallText(text)).toEqual(expected);
  });
});
