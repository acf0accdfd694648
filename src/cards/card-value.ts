import { z } from 'zod';

/**
 * The value carried by a button: `{a: <action>, …data}`. Actions are short dotted names
 * (`help.show`); data are plain strings/numbers. Decoding never throws.
 */
const cardValueSchema = z
  .object({ a: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/) })
  .catchall(z.union([z.string().max(512), z.number(), z.boolean(), z.null()]));

export type CardValue = z.infer<typeof cardValueSchema>;

export const cardValue = (action: string, data: Record<string, string | number | boolean | null> = {}): CardValue => ({
  a: action,
  ...data,
});

export function decodeCardValue(value: unknown): CardValue | null {
  const parsed = cardValueSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
