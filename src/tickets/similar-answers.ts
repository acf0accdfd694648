/**
 * Similar calls by their Chinese text, without a segmenter or any service outside the office:
 * character bigrams and trigrams of the normalised text, weighted by how rare they are among the
 * answers kept (idf), compared by cosine. "幸福小区的停车位怎么申请" and "请问幸福小区停车位
 * 如何申请" share 幸福, 福小, 小区, 停车, 车位, 停车位, 申请…; words every call has (咨询, 请问,
 * 来电) are common, so they weigh little. Pure: the index lives where its caller keeps it.
 */

/** Full-width folded (NFKC), lower case; phone numbers and long digit runs dropped. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\d{5,}/g, ' ');
}

/** The runs of text between punctuation and spaces: n-grams never cross them. */
const runs = (text: string) => normaliseText(text).split(/[^\p{Script=Han}\p{L}\p{N}]+/u).filter(Boolean);

/** The distinct character bigrams and trigrams of `text` (a run of one character counts as itself). */
export function textGrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const run of runs(text)) {
    const chars = [...run];
    if (chars.length === 1) {
      // A lone letter or digit says nothing; a lone Chinese character may (路, 桥).
      if (/\p{Script=Han}/u.test(run)) grams.add(run);
      continue;
    }
    for (let i = 0; i + 2 <= chars.length; i++) grams.add(chars.slice(i, i + 2).join(''));
    for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  }
  return grams;
}

export interface IndexedText<T> {
  item: T;
  grams: Set<string>;
}

/**
 * The texts compared against, with the document frequency of every gram: items are added (or
 * replaced, by `key`) one at a time, so a new accepted answer is findable at once.
 */
export class TextIndex<T> {
  private readonly entries = new Map<string, IndexedText<T>>();
  private readonly df = new Map<string, number>();

  constructor(private readonly textOf: (item: T) => string) {}

  get size(): number {
    return this.entries.size;
  }

  /** Adds `item` under `key`, replacing what was there. */
  put(key: string, item: T): void {
    this.remove(key);
    const grams = textGrams(this.textOf(item));
    this.entries.set(key, { item, grams });
    for (const g of grams) this.df.set(g, (this.df.get(g) ?? 0) + 1);
  }

  remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    for (const g of old.grams) {
      const n = (this.df.get(g) ?? 1) - 1;
      if (n > 0) this.df.set(g, n);
      else this.df.delete(g);
    }
  }

  /** Smoothed inverse document frequency: a gram in every text still weighs a little. */
  private idf(gram: string): number {
    return Math.log((this.entries.size + 1) / ((this.df.get(gram) ?? 0) + 1)) + 1;
  }

  /**
   * The `limit` texts most like `text` (cosine of idf-weighted gram sets), best first, those
   * scoring at least `min` (0–1); ties by key, so the answer does not depend on insertion order.
   */
  similar(text: string, opts: { limit?: number; min?: number } = {}): { key: string; item: T; score: number }[] {
    const limit = opts.limit ?? 3;
    const min = opts.min ?? 0.2;
    const query = textGrams(text);
    if (query.size === 0 || this.entries.size === 0) return [];
    const weight = new Map<string, number>();
    for (const g of query) weight.set(g, this.idf(g) ** 2);
    const queryNorm = Math.sqrt([...weight.values()].reduce((a, b) => a + b, 0));
    const found: { key: string; item: T; score: number }[] = [];
    for (const [key, e] of this.entries) {
      let shared = 0;
      for (const [g, w] of weight) if (e.grams.has(g)) shared += w;
      if (shared === 0) continue;
      let norm = 0;
      for (const g of e.grams) norm += this.idf(g) ** 2;
      const score = shared / (queryNorm * Math.sqrt(norm));
      if (score >= min) found.push({ key, item: e.item, score });
    }
    return found.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key)).slice(0, limit);
  }
}
