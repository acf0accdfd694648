/** What `登记 <free text>` could read from a clerk's note of a call. */
export interface ParsedCall {
  callerName: string;
  phone: string;
  content: string;
  /** The note says the caller gave no name (匿名, 不愿透露姓名…). */
  anonymous: boolean;
}

/** Common surnames, compound ones first (a name is a surname and one or two characters). */
const COMPOUND_SURNAMES = '欧阳 司马 诸葛 上官 皇甫 令狐 慕容 司徒 夏侯 尉迟 公孙 长孙 宇文 轩辕 端木 西门 南宫 独孤 呼延 东方'.split(' ');
const SURNAMES = new Set(
  [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘查苑迟邝车'],
);
/** Honorifics that follow a surname: 王先生, 李女士, 张师傅… */
const HONORIFICS = ['老先生', '老太太', '先生', '女士', '小姐', '师傅', '老师', '阿姨', '大爷', '大妈', '大娘', '大姐', '大哥', '奶奶', '爷爷', '老伯', '同志', '同学', '医生', '律师', '老板'];
/** Two-character words that look like a surname and a given name but are not people. */
const NOT_NAMES = new Set([
  '明天', '白天', '周末', '周边', '周围', '周一', '周二', '周三', '周四', '周五', '周六', '周日', '高速', '高层', '高温', '方面', '方便', '关于', '马路', '马上',
  '金额', '任何', '万一', '于是', '余额', '夏天', '安全', '文明', '单位', '单元', '车辆', '车位', '车库', '车主', '车牌', '房屋', '房东', '房子', '司机', '农民',
  '项目', '费用', '卫生', '施工', '文件', '严重', '华为', '管理', '解决', '申请', '包括', '常常', '江边', '石头', '陆续', '连续', '景区', '游客', '顾客', '毛病',
]);

/** Words that begin what the caller said; a name ends where one of them begins. */
const VERBS = ['反映', '反应', '投诉', '咨询', '举报', '求助', '建议', '询问', '来电', '致电', '打来电话', '来访', '表示', '要求', '报称', '诉称', '称', '说', '讲', '问', '希望', '提出', '请求', '申请', '想'];
/** How the call came (来电…), dropped after the caller; what may follow is another connector. */
const CALLED = ['打来电话', '来电', '致电', '来访'];
/** Words between a caller and what they said, dropped: 称, 反映… (咨询 and 投诉 say what kind of call it is, and stay). */
const SAID = ['反映', '反应', '表示', '报称', '诉称', '称', '说', '讲'];
/** Who is calling, said without a name: 市民, 群众, 来电人… */
const DESCRIPTORS = ['来电市民', '来电人', '来电者', '一位市民', '有市民', '市民', '群众', '居民', '村民', '业主', '家长', '网友'];
/** The caller gave no name. */
const ANONYMOUS = /^(?:匿名|不愿透露(?:姓名)?|拒绝透露(?:姓名)?|未留(?:姓名)?|不详|未告知(?:姓名)?)/;
/** Labels of the caller's name, counted only at a label position (the start, or after a separator). */
const NAME_LABELS = ['来电人姓名', '来电人', '来电者', '来电市民', '反映人', '投诉人', '举报人', '求助人', '咨询人', '诉求人', '联系人', '姓名', '称呼'];
/** Labels of the caller's phone, removed only when they stand right before the number. */
const PHONE_LABEL = /(?:联系电话|联系方式|联系号码|电话号码|手机号码|手机号|来电号码|电话|手机|座机|号码)\s*[:：]?\s*(?:为|是)?\s*[:：]?\s*$/;

const SEP = /[\s，,。.：:；;、!！?？/|（）()【】[\]“”"'‘’]/;
const isSep = (c: string | undefined) => c === undefined || SEP.test(c);
const isHan = (c: string | undefined) => c !== undefined && /[\u4e00-\u9fa5]/.test(c);

const MOBILE = /(?<![\d+])(?:\+?86[-\s]?)?(1[3-9]\d(?:[-\s]?\d{4}){2})(?!\d)/;
const LANDLINE = /(?<!\d)(?:[(（](0\d{2,3})[)）]\s*|(0\d{2,3})[-\s]?)(\d{7,8}|\d{3,4}[-\s]\d{4})(?:\s*(?:转|分机|ext\.?|-)\s*(\d{1,6}))?(?!\d)/i;
const LABELLED_LOCAL = /(?:电话|座机|号码)\s*[:：]?\s*(?:为|是)?\s*(\d{7,8})(?!\d)/;

interface Span {
  start: number;
  end: number;
}

/** The phone number in the note (a mobile first, then a landline with its area code and extension). */
function findPhone(text: string): { phone: string; span: Span } | null {
  const mobile = MOBILE.exec(text);
  if (mobile) return { phone: mobile[1]!.replace(/[-\s]/g, ''), span: { start: mobile.index, end: mobile.index + mobile[0].length } };
  const land = LANDLINE.exec(text);
  if (land) {
    const area = land[1] ?? land[2]!;
    const ext = land[4] ? `转${land[4]}` : '';
    return { phone: `${area}-${land[3]!.replace(/[-\s]/g, '')}${ext}`, span: { start: land.index, end: land.index + land[0].length } };
  }
  const local = LABELLED_LOCAL.exec(text);
  if (local) {
    const start = local.index + local[0].length - local[1]!.length;
    return { phone: local[1]!, span: { start, end: start + local[1]!.length } };
  }
  return null;
}

/**
 * A name starting at `i`: a surname (or 老/小 and a surname) with one or two characters, or with
 * an honorific; it must end where the call's verb, a separator, a number or the text ends.
 */
function nameAt(text: string, i: number, blocked: (pos: number) => boolean): string | null {
  const endsHere = (pos: number) => pos >= text.length || blocked(pos) || isSep(text[pos]) || /\d/.test(text[pos]!) || VERBS.some((v) => text.startsWith(v, pos)) || text.startsWith('（', pos);
  const surnames = [...COMPOUND_SURNAMES.filter((s) => text.startsWith(s, i)), ...(SURNAMES.has(text[i]!) ? [text[i]!] : [])];
  for (const surname of surnames) {
    const after = i + surname.length;
    const honorific = HONORIFICS.find((h) => text.startsWith(h, after));
    if (honorific) return surname + honorific;
    for (let len = 1; len <= 2; len++) {
      const given = text.slice(after, after + len);
      if (given.length < len || ![...given].every(isHan) || [...given].some((_, k) => blocked(after + k))) break;
      const candidate = surname + given;
      if (NOT_NAMES.has(candidate) || VERBS.some((v) => given.startsWith(v))) continue;
      if (endsHere(after + len)) {
        const honorificAfter = HONORIFICS.find((h) => text.startsWith(h, after + len));
        return honorificAfter ? candidate + honorificAfter : candidate;
      }
    }
  }
  if ((text[i] === '老' || text[i] === '小') && SURNAMES.has(text[i + 1] ?? '') && endsHere(i + 2)) return text.slice(i, i + 2);
  return null;
}

/**
 * Reads a clerk's note of a call: the phone number (a mobile, or a landline with its area code
 * and extension, e.g. 0571-88886666转123), the caller's name (after a label such as 来电人 or
 * 联系人 at a label position, or a name leading the note and ending where the call's verb
 * begins: 王建国反映…), whether the caller stayed anonymous, and the rest as the content.
 * Words inside the content are never taken for labels. Never guesses what is not there.
 */
export function parseCallText(input: string): ParsedCall {
  const text = input.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/＋/g, '+');
  const removed: Span[] = [];
  const isRemoved = (pos: number) => removed.some((s) => pos >= s.start && pos < s.end);
  /** Where a label may stand: the start of the note, or right after a separator or something removed. */
  const labelPosition = (pos: number) => pos === 0 || isSep(text[pos - 1]) || isRemoved(pos - 1);

  let phone = '';
  const found = findPhone(text);
  if (found) {
    phone = found.phone;
    let start = found.span.start;
    const label = PHONE_LABEL.exec(text.slice(0, start));
    if (label && labelPosition(label.index)) start = label.index;
    removed.push({ start, end: found.span.end });
  }

  let callerName = '';
  let anonymous = false;
  /** A name label at `pos` with its value; the span it covers. */
  const labelled = (pos: number): Span | null => {
    // A second name (联系人 beside the caller) stays in the content.
    if (callerName || !labelPosition(pos)) return null;
    const label = NAME_LABELS.find((l) => text.startsWith(l, pos));
    if (!label) return null;
    let j = pos + label.length;
    const colon = /^\s*[:：]\s*/.exec(text.slice(j));
    if (colon) j += colon[0].length;
    const copula = /^(?:为|是)\s*/.exec(text.slice(j));
    if (copula) j += copula[0].length;
    const anon = ANONYMOUS.exec(text.slice(j));
    if (anon) {
      anonymous = true;
      return { start: pos, end: j + anon[0].length };
    }
    const name = nameAt(text, j, isRemoved);
    if (name) {
      callerName = name;
      return { start: pos, end: j + name.length };
    }
    if (colon || copula) {
      // 姓名：阿依古丽 — after a colon the value is the name, whatever it looks like.
      const value = /^[\u4e00-\u9fa5·]{1,8}/.exec(text.slice(j))?.[0] ?? '';
      const end = j + value.length;
      if (value && (end >= text.length || isSep(text[end]) || /\d/.test(text[end]!) || isRemoved(end))) {
        callerName = value;
        return { start: pos, end };
      }
    }
    return null;
  };

  // The note's opening: labels, 市民, 匿名, the caller's name, 来电, 称… up to what was said.
  let i = 0;
  let someone = false;
  while (i < text.length) {
    if (isRemoved(i) || isSep(text[i])) {
      i++;
      continue;
    }
    const label = labelled(i);
    if (label) {
      removed.push(label);
      i = label.end;
      someone = true;
      continue;
    }
    const descriptor = DESCRIPTORS.find((d) => text.startsWith(d, i));
    if (descriptor && !callerName) {
      removed.push({ start: i, end: i + descriptor.length });
      i += descriptor.length;
      someone = true;
      continue;
    }
    const anon = ANONYMOUS.exec(text.slice(i));
    if (anon) {
      anonymous = true;
      removed.push({ start: i, end: i + anon[0].length });
      i += anon[0].length;
      someone = true;
      continue;
    }
    const name = callerName ? null : nameAt(text, i, isRemoved);
    if (name) {
      callerName = name;
      removed.push({ start: i, end: i + name.length });
      i += name.length;
      someone = true;
      continue;
    }
    const called = CALLED.find((c) => text.startsWith(c, i));
    if (called) {
      removed.push({ start: i, end: i + called.length });
      i += called.length;
      someone = true;
      continue;
    }
    // 称 / 反映 after a caller: what follows is what they said.
    const said = someone ? SAID.find((c) => text.startsWith(c, i)) : undefined;
    if (said) removed.push({ start: i, end: i + said.length });
    break;
  }

  // Further on, a name label counts only at a label position with a name after it (…，联系人王五，…).
  for (let pos = i; pos < text.length && !callerName; pos++) {
    if (isRemoved(pos)) continue;
    const label = labelled(pos);
    if (label) removed.push(label);
  }

  // …，业主吴先生，13566667777: a name standing right before the phone number, at the end.
  if (!callerName && found) {
    let start = found.span.start;
    while (start > 0 && (isSep(text[start - 1]) || isRemoved(start - 1))) start--;
    let from = start;
    while (from > 0 && !isSep(text[from - 1]) && !isRemoved(from - 1) && start - from < 12) from--;
    const descriptor = DESCRIPTORS.find((d) => text.startsWith(d, from));
    const at = from + (descriptor?.length ?? 0);
    const name = labelPosition(from) ? nameAt(text, at, isRemoved) : null;
    if (name && at + name.length === start) {
      callerName = name;
      removed.push({ start: from, end: start });
    }
  }

  let content = '';
  for (let pos = 0; pos < text.length; pos++) content += isRemoved(pos) ? '\u0000' : text[pos];
  content = content
    .replace(/\s*\u0000+\s*/g, '\u0000')
    // Brackets around what was cut out (张先生（13800138000）) go with it.
    .replace(/[（(【[]\u0000+[)）】\]]/g, '\u0000')
    // Where something was cut out between two separators, keep one of them.
    .replace(/([，,。；;、：:])\u0000+([，,。；;、：:])/g, (_, a: string, b: string) => (/[。；;]/.test(b) ? b : a))
    .replace(/\u0000+/g, ' ')
    .replace(/^[\s，,。.：:；;、/|]+/, '')
    .replace(/[\s，,；;、：:/|]+$/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return { callerName, phone, content, anonymous };
}
