/**
 * Coded errors, in one place. `expose` errors carry a message users (or Lark) may see;
 * everything else is answered with a generic 500 and logged.
 */
export class AppError extends Error {
  readonly expose: boolean;
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: { expose?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.expose = options.expose ?? status < 500;
  }
}

export const badRequest = (message: string, cause?: unknown) => new AppError('bad_request', 400, message, { cause });
export const payloadTooLarge = (message: string) => new AppError('payload_too_large', 413, message);
export const badSignature = (message: string) => new AppError('bad_signature', 401, message);
export const badToken = (message: string) => new AppError('bad_token', 403, message);
export const unsupported = (message: string) => new AppError('unsupported', 422, message);

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
