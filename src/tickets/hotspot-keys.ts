import { createHash } from 'node:crypto';
import { normaliseText, textGrams } from './similar-answers.js';

/**
 * The keys a ticket is filed under for 热点预警 (in ticket_keys, beside the repeat keys): its
 * normalised place (`hs:place:…`), every 小区/路/村 named in its place or content (`hs:name:…`),
 * and a few content shingles (`hs:text:…`, the bottom-k hashes of its character trigrams: two
 * very similar texts share most of them), so a cluster is found by `_id` reads alone.
 */
export const HS_PREFIX = 'hs:';
/** Content shingles per ticket: the k smallest trigram hashes (a bottom-k sketch). */
const SHINGLES = 4;
/** Two contents this alike (Dice coefficient of their bigrams and trigrams) are "the same matter". */
export const SIMILAR_CONTENT = 0.5;

export const normalisePlace = (place: string) => place.normalize('NFKC').replace(/\s/g, '').toLowerCase();

/** Words that lead into a place's name without being part of it (来电反映幸福小区 → 幸福). */
const LEADS = ['来电', '市民', '居民', '村民', '业主', '反映', '反应', '投诉', '咨询', '举报', '请问', '询问', '希望', '要求', '关于', '我们', '我家', '我', '本', '该', '位于', '住在', '家住', '附近', '在', '是', '的'];
/** After 路 these make another word (路灯, 路面…): not a road's name. */
const NOT_ROAD = /^[灯面边上况牌障段口径线费网由过人]/;
const SUFFIXES = ['小区', '村', '路'] as const;

/** The 小区/路/村 named in `text`: a name of 2–4 characters before the word (幸福小区, 建设路, 张家村). */
export function placeNames(text: string): string[] {
  const t = text.normalize('NFKC');
  const found = new Set<string>();
  for (const suffix of SUFFIXES) {
    for (let at = t.indexOf(suffix); at >= 0; at = t.indexOf(suffix, at + suffix.length)) {
      if (suffix === '路' && NOT_ROAD.test(t.slice(at + 1))) continue;
      // The run of Chinese characters right before the word, without the words leading into it.
      let start = at;
      while (start > 0 && /\p{Script=Han}/u.test(t[start - 1]!) && at - start < 8) start--;
      let stem = t.slice(start, at);
      // Another place word inside (建设路与人民路) ends that place: this name starts after it.
      const other = Math.max(...SUFFIXES.map((s) => stem.lastIndexOf(s) + (stem.includes(s) ? s.length : 0)));
      if (other > 0) stem = stem.slice(other);
      // …在幸福 / 家住幸福 / 反映的幸福 / 建设路与人民: what follows the last of 在, 住, 于, 的, 是, 到, 与, 和, 及.
      const cut = Math.max(...['在', '住', '于', '的', '是', '到', '与', '和', '及'].map((c) => stem.lastIndexOf(c)));
      if (cut >= 0 && stem.length - cut - 1 >= 2) stem = stem.slice(cut + 1);
      for (let lead = LEADS.find((l) => stem.startsWith(l) && stem.length > l.length); lead; lead = LEADS.find((l) => stem.startsWith(l) && stem.length > l.length)) {
        stem = stem.slice(lead.length);
      }
      stem = [...stem].slice(-4).join('');
      if ([...stem].length >= 2) found.add(stem + suffix);
    }
  }
  return [...found];
}

const hash = (s: string) => createHash('md5').update(s).digest('hex').slice(0, 12);

/** The content shingles: the hashes of its trigrams, the k smallest. */
export function textShingles(content: string): string[] {
  const tri = [...textGrams(content)].filter((g) => [...g].length === 3);
  return [...new Set(tri.map(hash))].sort().slice(0, SHINGLES);
}

export type HotspotKeyKind = 'name' | 'place' | 'text';

/** Every hot-spot key of a ticket, with its kind. */
export function hotspotKeys(ticket: { place: string; content: string }): { key: string; kind: HotspotKeyKind; label: string }[] {
  const keys: { key: string; kind: HotspotKeyKind; label: string }[] = [];
  const place = normalisePlace(ticket.place);
  if (place) keys.push({ key: `${HS_PREFIX}place:${place}`, kind: 'place', label: ticket.place.trim() });
  for (const name of new Set([...placeNames(ticket.place), ...placeNames(ticket.content)])) keys.push({ key: `${HS_PREFIX}name:${name}`, kind: 'name', label: name });
  for (const s of textShingles(ticket.content)) keys.push({ key: `${HS_PREFIX}text:${s}`, kind: 'text', label: '' });
  return keys;
}

/** How alike two contents are: the Dice coefficient of their character bigrams and trigrams (0–1). */
export function contentLikeness(a: string, b: string): number {
  const ga = textGrams(normaliseText(a));
  const gb = textGrams(normaliseText(b));
  if (!ga.size || !gb.size) return 0;
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return (2 * shared) / (ga.size + gb.size);
}

/** The alert step a cluster of `size` has reached: 0 at the threshold, 1 when doubled, 2 at four times… (−1 below). */
export function sizeBucket(size: number, threshold: number): number {
  if (size < threshold) return -1;
  return Math.floor(Math.log2(size / threshold) + 1e-9);
}
