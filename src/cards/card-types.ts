/** A card in Lark's card JSON 2.0: {schema:"2.0", config, header, body:{elements}}. */
export type Card = Record<string, unknown> & { schema: '2.0' };
export type CardElement = Record<string, unknown> & { tag: string };

/** Text with Chinese first and English second, as every user-visible string in govdesk. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** What a service returns for a button press that redraws one card. */
export type CardOutcome = { kind: 'done' | 'stale'; message: Bilingual; card: Card } | { kind: 'refused'; message: Bilingual };
