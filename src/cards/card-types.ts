/** A card in Lark's card JSON 2.0: {schema:"2.0", config, header, body:{elements}}. */
export type Card = Record<string, unknown> & { schema: '2.0' };
export type CardElement = Record<string, unknown> & { tag: string };

/** Text with Chinese first and English second, as every user-visible string in govdesk. */
export interface Bilingual {
  zh: string;
  en: string;
}
