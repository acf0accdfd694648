/**
 * Smart dispatch (智能派单): which units most likely lead a ticket, learned from the office's own
 * past tickets. Pure and in memory: a naive Bayes over the character bigrams of the content, the
 * bigrams of the place and the category, each ticket counted under the unit that last accepted it.
 * No service outside the office, no model to download: Chinese needs no segmenter for this, the
 * bigrams of "占道经营" or "幸福小区" carry the topic and the place.
 */

/** What a ticket is learned from and suggested on. */
export interface DispatchFeatures {
  content: string;
  place: string;
  category: string;
}

/** A suggested unit and its share of the likelihood (0–1; the shares of all units sum to 1). */
export interface UnitShare {
  unit: string;
  share: number;
}

/** Content read (the start of a long call is what it is about). */
const CONTENT_CHARS = 300;
const PLACE_CHARS = 100;

/**
 * The text as bigrams (each once): letters, digits and CJK characters only, digits folded into
 * one sign (3栋 and 5栋 are the same kind of place), Latin letters lower-cased.
 */
export function bigrams(text: string, max = CONTENT_CHARS): string[] {
  const chars = [...text.slice(0, max).toLowerCase()].map((c) => (/\d/.test(c) ? '#' : c)).filter((c) => /[\p{L}\p{N}#]/u.test(c));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) out.add(chars[0]!);
  return [...out];
}

/** The tokens of a ticket: content bigrams, place bigrams and the category. */
export function dispatchTokens(f: DispatchFeatures): { content: string[]; place: string[]; category: string } {
  return { content: bigrams(f.content), place: bigrams(f.place, PLACE_CHARS), category: f.category };
}

/** One feature group's counts: per unit, per token; and the vocabulary (tokens seen anywhere). */
class Counts {
  private readonly byUnit = new Map<string, { tokens: Map<string, number>; total: number }>();
  private readonly vocabulary = new Map<string, number>();

  change(unit: string, tokens: string[], by: 1 | -1): void {
    let u = this.byUnit.get(unit);
    if (!u) this.byUnit.set(unit, (u = { tokens: new Map(), total: 0 }));
    for (const t of tokens) {
      const n = (u.tokens.get(t) ?? 0) + by;
      if (n > 0) u.tokens.set(t, n);
      else u.tokens.delete(t);
      const v = (this.vocabulary.get(t) ?? 0) + by;
      if (v > 0) this.vocabulary.set(t, v);
      else this.vocabulary.delete(t);
    }
    u.total += by * tokens.length;
  }

  /** Mean log P(token | unit) over the tokens the model knows (Laplace-smoothed); 0 when none is known. */
  meanLog(unit: string, tokens: string[]): number {
    const known = tokens.filter((t) => this.vocabulary.has(t));
    if (!known.length) return 0;
    const u = this.byUnit.get(unit);
    const total = (u?.total ?? 0) + this.vocabulary.size + 1;
    let sum = 0;
    for (const t of known) sum += Math.log(((u?.tokens.get(t) ?? 0) + ALPHA) / total);
    return sum / known.length;
  }
}

const ALPHA = 1;
/**
 * How much each group counts. The mean log-likelihood of a group (not its sum) keeps a long
 * content from drowning the place, and keeps the shares readable (a sum over 80 bigrams makes
 * every share 100% or 0%); the weights were tuned on the bench's seeded history (bench/dispatch.ts).
 */
export const DISPATCH_WEIGHTS = { content: 6, place: 4, category: 1 };

/** The learned model: add a ticket under its unit, take it away again (a transfer), suggest. */
export class UnitSuggester {
  constructor(private readonly weight: typeof DISPATCH_WEIGHTS = DISPATCH_WEIGHTS) {}

  private readonly content = new Counts();
  private readonly place = new Counts();
  private readonly docs = new Map<string, number>();
  private readonly categories = new Map<string, Map<string, number>>();
  private total = 0;

  /** How many tickets it has learned from. */
  get size(): number {
    return this.total;
  }

  add(unit: string, f: DispatchFeatures): void {
    this.change(unit, f, 1);
  }

  remove(unit: string, f: DispatchFeatures): void {
    if ((this.docs.get(unit) ?? 0) > 0) this.change(unit, f, -1);
  }

  /**
   * The `top` most likely units, best first, with their share among all `among` units (default:
   * every unit learned). `exclude`: units not to suggest (those that returned the ticket).
   */
  suggest(f: DispatchFeatures, opts: { top?: number; among?: string[]; exclude?: string[] } = {}): UnitShare[] {
    const exclude = new Set(opts.exclude ?? []);
    const units = (opts.among ?? [...this.docs.keys()]).filter((u) => (this.docs.get(u) ?? 0) > 0 && !exclude.has(u));
    if (!units.length) return [];
    const tokens = dispatchTokens(f);
    const nCategories = Math.max(1, this.categories.size);
    const scores = units.map((unit) => {
      const n = this.docs.get(unit)!;
      const cat = this.categories.get(unit)?.get(tokens.category) ?? 0;
      const score =
        Math.log(n / this.total) +
        this.weight.content * this.content.meanLog(unit, tokens.content) +
        this.weight.place * this.place.meanLog(unit, tokens.place) +
        this.weight.category * Math.log((cat + ALPHA) / (n + ALPHA * nCategories));
      return { unit, score };
    });
    const best = Math.max(...scores.map((s) => s.score));
    const weights = scores.map((s) => ({ unit: s.unit, w: Math.exp(s.score - best) }));
    const sum = weights.reduce((a, b) => a + b.w, 0);
    return weights
      .map((x) => ({ unit: x.unit, share: x.w / sum }))
      .sort((a, b) => b.share - a.share || a.unit.localeCompare(b.unit))
      .slice(0, opts.top ?? 3);
  }

  private change(unit: string, f: DispatchFeatures, by: 1 | -1): void {
    const tokens = dispatchTokens(f);
    this.content.change(unit, tokens.content, by);
    this.place.change(unit, tokens.place, by);
    const n = (this.docs.get(unit) ?? 0) + by;
    if (n > 0) this.docs.set(unit, n);
    else this.docs.delete(unit);
    let cats = this.categories.get(unit);
    if (!cats) this.categories.set(unit, (cats = new Map()));
    cats.set(tokens.category, Math.max(0, (cats.get(tokens.category) ?? 0) + by));
    this.total += by;
  }
}
