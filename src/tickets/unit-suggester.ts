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

/** A unit's index and its count of a token, packed in one small integer: unit × 2²⁰ + count. */
const SLOT = 2 ** 20;

/**
 * One feature group's counts, token first: for each token seen, the units that had it and how
 * often, packed into one array of small integers (a few bytes per unit and token, where a map per
 * unit would take some 60: an office's 100,000 tickets fit in the bot's heap).
 */
class Counts {
  private readonly tokens = new Map<string, number[]>();
  /** Tokens counted under each unit (by index). */
  private readonly totals: number[] = [];

  change(unit: number, tokens: string[], by: 1 | -1): void {
    for (const t of tokens) {
      let entries = this.tokens.get(t);
      if (!entries) {
        if (by < 0) continue;
        this.tokens.set(t, (entries = []));
      }
      const i = entries.findIndex((e) => Math.floor(e / SLOT) === unit);
      const n = (i < 0 ? 0 : entries[i]! % SLOT) + by;
      if (n > 0 && i < 0) entries.push(unit * SLOT + n);
      else if (n > 0) entries[i] = unit * SLOT + Math.min(n, SLOT - 1);
      else if (i >= 0) entries.splice(i, 1);
      if (!entries.length) this.tokens.delete(t);
    }
    this.totals[unit] = (this.totals[unit] ?? 0) + by * tokens.length;
  }

  /**
   * Mean log P(token | unit) over the tokens the model knows (Laplace-smoothed), for each unit
   * index `candidate` marks; 0 for all when none is known. Σ log((c+α)/d) = k·log(α/d) + Σ log(1+c/α)
   * over the tokens the unit had: one pass over the tokens' entries, not one per unit.
   */
  meanLogs(candidate: boolean[], tokens: string[]): number[] {
    const out = candidate.map(() => 0);
    const known = tokens.map((t) => this.tokens.get(t)).filter((e): e is number[] => e !== undefined);
    if (!known.length) return out;
    for (const entries of known) {
      for (const e of entries) {
        const u = Math.floor(e / SLOT);
        if (candidate[u]) out[u]! += Math.log(1 + (e % SLOT) / ALPHA);
      }
    }
    const v = this.tokens.size;
    for (let u = 0; u < candidate.length; u++) {
      if (!candidate[u]) continue;
      out[u] = (known.length * Math.log(ALPHA / ((this.totals[u] ?? 0) + v + 1)) + out[u]!) / known.length;
    }
    return out;
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
  private readonly content = new Counts();
  private readonly place = new Counts();
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  /** Tickets learned per unit, and per unit and category. */
  private readonly docs: number[] = [];
  private readonly categories: Map<string, number>[] = [];
  private readonly categoryNames = new Set<string>();
  private total = 0;

  constructor(private readonly weight: typeof DISPATCH_WEIGHTS = DISPATCH_WEIGHTS) {}

  /** How many tickets it has learned from. */
  get size(): number {
    return this.total;
  }

  add(unit: string, f: DispatchFeatures): void {
    this.change(this.indexOf(unit), f, 1);
  }

  remove(unit: string, f: DispatchFeatures): void {
    const u = this.index.get(unit);
    if (u !== undefined && (this.docs[u] ?? 0) > 0) this.change(u, f, -1);
  }

  /**
   * The `top` most likely units, best first, with their share among all `among` units (default:
   * every unit learned). `exclude`: units not to suggest (those that returned the ticket).
   */
  suggest(f: DispatchFeatures, opts: { top?: number; among?: string[]; exclude?: string[] } = {}): UnitShare[] {
    const exclude = new Set(opts.exclude ?? []);
    const candidate = this.names.map(() => false);
    for (const unit of opts.among ?? this.names) {
      const u = this.index.get(unit);
      if (u !== undefined && (this.docs[u] ?? 0) > 0 && !exclude.has(unit)) candidate[u] = true;
    }
    const units = candidate.flatMap((c, u) => (c ? [u] : []));
    if (!units.length) return [];
    const tokens = dispatchTokens(f);
    const content = this.content.meanLogs(candidate, tokens.content);
    const place = this.place.meanLogs(candidate, tokens.place);
    const nCategories = Math.max(1, this.categoryNames.size);
    const scores = units.map((u) => {
      const n = this.docs[u]!;
      const cat = this.categories[u]?.get(tokens.category) ?? 0;
      const score =
        Math.log(n / this.total) +
        this.weight.content * content[u]! +
        this.weight.place * place[u]! +
        this.weight.category * Math.log((cat + ALPHA) / (n + ALPHA * nCategories));
      return { unit: this.names[u]!, score };
    });
    const best = Math.max(...scores.map((x) => x.score));
    const weights = scores.map((x) => ({ unit: x.unit, w: Math.exp(x.score - best) }));
    const sum = weights.reduce((a, b) => a + b.w, 0);
    return weights
      .map((x) => ({ unit: x.unit, share: x.w / sum }))
      .sort((a, b) => b.share - a.share || a.unit.localeCompare(b.unit))
      .slice(0, opts.top ?? 3);
  }

  private indexOf(unit: string): number {
    let u = this.index.get(unit);
    if (u === undefined) {
      u = this.names.length;
      this.index.set(unit, u);
      this.names.push(unit);
      this.docs.push(0);
      this.categories.push(new Map());
    }
    return u;
  }

  private change(u: number, f: DispatchFeatures, by: 1 | -1): void {
    const tokens = dispatchTokens(f);
    this.content.change(u, tokens.content, by);
    this.place.change(u, tokens.place, by);
    this.docs[u] = (this.docs[u] ?? 0) + by;
    const cats = this.categories[u]!;
    cats.set(tokens.category, Math.max(0, (cats.get(tokens.category) ?? 0) + by));
    this.categoryNames.add(tokens.category);
    this.total += by;
  }
}
