import { describe, expect, it } from 'vitest';
import { contentLikeness, hotspotKeys, placeNames, sizeBucket } from '../../src/tickets/hotspot-keys.js';

describe('hot-spot keys', () => {
  it('finds the 小区/路/村 a call names, without the words leading into it', () => {
    expect(placeNames('幸福小区3栋路灯坏了三天')).toEqual(['幸福小区']);
    expect(placeNames('来电反映幸福小区门口垃圾没人清理')).toEqual(['幸福小区']);
    expect(placeNames('家住幸福小区的居民反映')).toEqual(['幸福小区']);
    expect(placeNames('建设路与人民路交叉口积水')).toEqual(['建设路', '人民路']);
    expect(placeNames('张家村村民反映饮水问题')).toEqual(['张家村']);
    // No name: 我们小区, 马路, 路灯 and 路面 are not places.
    expect(placeNames('我们小区停车难')).toEqual([]);
    expect(placeNames('马路上有坑，路灯不亮')).toEqual([]);
    expect(placeNames('解放北路路面破损')).toEqual(['解放北路']);
  });

  it('files a call under its place (width and spaces folded), its names and its content shingles', () => {
    const keys = hotspotKeys({ place: ' 幸福小区 ', content: '幸福小区3栋路灯坏了三天' });
    expect(keys.filter((k) => k.kind !== 'text').map((k) => k.key)).toEqual(['hs:place:幸福小区', 'hs:name:幸福小区']);
    expect(keys.filter((k) => k.kind === 'text')).toHaveLength(4);
    // The same text gives the same shingles; a very different one none of them.
    const again = hotspotKeys({ place: '', content: '幸福小区3栋路灯坏了三天' }).filter((k) => k.kind === 'text');
    expect(again.map((k) => k.key)).toEqual(keys.filter((k) => k.kind === 'text').map((k) => k.key));
    const other = hotspotKeys({ place: '', content: '人民医院挂号排队太久' }).filter((k) => k.kind === 'text');
    expect(other.some((k) => again.some((a) => a.key === k.key))).toBe(false);
  });

  it('tells very similar content from different content', () => {
    expect(contentLikeness('东门菜市场门口占道经营非常严重', '东门菜市场门口占道经营很严重')).toBeGreaterThanOrEqual(0.5);
    expect(contentLikeness('幸福小区3栋路灯坏了三天', '人民医院挂号难')).toBe(0);
  });

  it('alerts at the threshold and again each time the cluster doubles', () => {
    expect([2, 3, 4, 5, 6, 11, 12].map((n) => sizeBucket(n, 3))).toEqual([-1, 0, 0, 0, 1, 1, 2]);
    expect([1, 2, 3, 4].map((n) => sizeBucket(n, 2))).toEqual([-1, 0, 0, 1]);
  });
});
