import type { TicketAction, TicketTransitionDoc } from '../src/models/ticket.js';
import type { TicketStatus } from '../src/tickets/ticket-types.js';

/**
 * A seeded hotline history where the lead unit follows from the place and the topic, as in a
 * district office: street-level matters (路灯, 邻里纠纷, 楼道堆物…) go to the street office of the
 * place; city management goes to the 城管 squadron of the place's half of the district; the
 * rest to the department of the topic. Callers word the same matter many ways, often name the
 * place in the content, and 5% of tickets end with some other unit (the exceptions every office
 * has). 12% were first assigned to a wrong unit, returned and re-assigned: the unit that finally
 * accepted counts. Deterministic (a seeded generator).
 */
export interface SeededTicket {
  id: string;
  content: string;
  place: string;
  category: string;
  /** The unit the rule says (what a good dispatcher picks). */
  unit: string;
  timeline: TicketTransitionDoc[];
}

const STREETS = [
  { unit: 'jd_dongcheng', places: ['幸福小区', '和平路', '东风新村', '春晖苑', '朝阳里', '建设北路'] },
  { unit: 'jd_xicheng', places: ['锦绣花园', '解放路', '西湖社区', '桂花苑', '人民西路', '梧桐里'] },
  { unit: 'jd_nanyuan', places: ['南苑小区', '长江路', '李家村', '滨河花园', '新华南路', '枫林湾'] },
  { unit: 'jd_beiguan', places: ['北关小区', '黄河路', '王庄村', '翠竹园', '工业大道', '紫荆苑'] },
  { unit: 'town_qiaotou', places: ['桥头镇', '张家村', '河口村', '桥头老街', '刘家湾', '镇中路'] },
  { unit: 'town_shanxia', places: ['山下镇', '赵家村', '石门村', '山下集镇', '青龙村', '镇东路'] },
];

interface Topic {
  /** 'street': the place's street; 'cg': the 城管 squadron of its half; else the unit. */
  to: string;
  category: string[];
  says: string[];
}

const TOPICS: Topic[] = [
  { to: 'street', category: ['help'], says: ['路灯坏了好几天晚上一片漆黑', '路灯不亮存在安全隐患', '小区路灯损坏无人维修'] },
  { to: 'street', category: ['help', 'complaint'], says: ['楼道堆放杂物影响通行', '楼道里堆满杂物有消防隐患', '邻居在楼道乱堆东西'] },
  { to: 'street', category: ['help'], says: ['邻里纠纷需要调解', '和邻居因漏水发生纠纷请求调解', '邻居之间矛盾激化希望社区调解'] },
  { to: 'street', category: ['help', 'consultation'], says: ['独居老人需要帮扶', '家里老人无人照顾希望社区帮助', '想申请居家养老服务'] },
  { to: 'cg', category: ['complaint', 'report'], says: ['有人占道经营摆摊', '流动摊贩占道经营影响交通', '商户占用人行道经营'] },
  { to: 'cg', category: ['report', 'complaint'], says: ['有人违章搭建', '楼顶私自搭建违章建筑', '一楼住户违建扩建院子'] },
  { to: 'cg', category: ['complaint'], says: ['夜间施工噪音扰民', '工地深夜施工噪声很大', '渣土车夜间作业噪音扰民'] },
  { to: 'zjj', category: ['complaint', 'help'], says: ['电梯经常故障困人', '小区电梯坏了物业不修', '老旧小区加装电梯进展缓慢'] },
  { to: 'zjj', category: ['complaint'], says: ['物业服务差乱收费', '物业公司不作为', '物业费上涨没有公示'] },
  { to: 'scjgj', category: ['complaint', 'report'], says: ['饭店食品不卫生吃坏肚子', '超市销售过期食品', '餐馆后厨卫生脏乱'] },
  { to: 'scjgj', category: ['complaint'], says: ['商家拒绝退款', '预付卡商家跑路无法退费', '购买的商品质量有问题商家不处理'] },
  { to: 'sthjj', category: ['complaint', 'report'], says: ['饭店油烟直排扰民', '工厂偷排污水河水发黑', '企业排放废气气味刺鼻'] },
  { to: 'jtysj', category: ['suggestion', 'complaint'], says: ['公交车班次太少等车太久', '建议增开公交线路', '出租车拒载绕路'] },
  { to: 'rsj', category: ['help', 'complaint'], says: ['公司拖欠工资不发', '老板拖欠农民工工资', '单位不给缴纳社保'] },
  { to: 'rsj', category: ['consultation'], says: ['咨询社保转移怎么办理', '想问失业金怎么申领', '咨询退休手续办理流程'] },
  { to: 'jyj', category: ['consultation', 'complaint'], says: ['咨询孩子入学划片政策', '学校乱收费', '幼儿园学位紧张报不上名'] },
  { to: 'swj', category: ['help'], says: ['家里停水没有通知', '自来水管爆裂漏水严重', '水压太低高层用不上水'] },
  { to: 'swj', category: ['complaint', 'help'], says: ['下水道堵塞污水外溢', '雨水井盖缺失很危险', '下雨后路面积水严重'] },
];

const BEFORE = ['', '', '来电反映', '市民反映', '来电人称', '群众来电：', '我想反映一下'];
const DETAIL = ['', '', '#号楼', '#单元', '#栋', '门口', '附近', '东门', '北侧'];
const AFTER = ['', '', '，请尽快处理', '，希望有关部门管一管', '，已经反映多次', '，请相关部门核实', '。谢谢', '，情况比较紧急'];

/** A small seeded generator (mulberry32): the same history every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every unit that handles tickets in this history. */
export const HISTORY_UNITS = [...STREETS.map((s) => s.unit), 'cg_east', 'cg_west', 'zjj', 'scjgj', 'sthjj', 'jtysj', 'rsj', 'jyj', 'swj'];

export function seededHistory(count: number, seed = 16): SeededTicket[] {
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: SeededTicket[] = [];
  for (let i = 0; i < count; i++) {
    const s = Math.floor(rnd() * STREETS.length);
    const street = STREETS[s]!;
    const topic = pick(TOPICS);
    const placeName = pick(street.places);
    const detail = pick(DETAIL).replace('#', String(1 + Math.floor(rnd() * 30)));
    const place = rnd() < 0.85 ? `${placeName}${detail}` : '';
    const named = rnd() < 0.7 ? `${placeName}${detail}` : '';
    const content = `${pick(BEFORE)}${named}${pick(topic.says)}${pick(AFTER)}`;
    const rule = topic.to === 'street' ? street.unit : topic.to === 'cg' ? (s % 2 === 0 ? 'cg_east' : 'cg_west') : topic.to;
    // The exceptions: some other unit took it in the end.
    const unit = rnd() < 0.05 ? pick(HISTORY_UNITS) : rule;
    const id = `ZX-20260101-${String(i + 1).padStart(5, '0')}`;
    const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
    const steps: [TicketAction, TicketStatus | null, TicketStatus, Record<string, unknown>][] = [['register', null, 'registered', {}]];
    if (rnd() < 0.12) {
      // A first guess that was wrong: assigned, returned by that unit, then re-assigned.
      const wrong = pick(HISTORY_UNITS.filter((u) => u !== unit));
      steps.push(['assign', 'registered', 'assigned', { leadUnit: wrong, coUnits: [] }], ['return', 'assigned', 'returned', { reason: 'wrong_area', unit: wrong }]);
    }
    steps.push(['assign', steps.at(-1)![2], 'assigned', { leadUnit: unit, coUnits: [] }], ['accept', 'assigned', 'handling', {}]);
    const timeline = steps.map(([action, from, to, data], k): TicketTransitionDoc => ({ _id: `${id}:${k + 1}`, ticket: id, seq: k + 1, action, from, to, by: 'ou_bench', at, note: '', data, caused: [] }));
    out.push({ id, content, place, category: pick(topic.category), unit: rule, timeline });
  }
  return out;
}
