/** A failed Open API call, with what the error classification needs and nothing secret. */
export class LarkCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    readonly headers: Record<string, string>,
  ) {
    super(message);
    this.name = 'LarkCallError';
  }
}
