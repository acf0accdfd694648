/** Messages between the benchmark (parent) and the servers under test (children), over IPC. */
export type ParentMessage = { type: 'sample'; id: number } | { type: 'replyCalls'; id: number } | { type: 'stop'; id: number; abrupt: boolean };

export interface ProcessSample {
  rss: number;
  heapUsed: number;
  /** Outbox rows the fake Open API was asked to deliver (bot only). */
  delivered?: number;
}

export type ChildMessage =
  | { type: 'ready'; ports: Record<string, number> }
  | { type: 'failed'; error: string }
  | ({ type: 'sample'; id: number } & ProcessSample)
  /** The fake Open API's reply calls: [message replied to, epoch ms of the send call]. */
  | { type: 'replyCalls'; id: number; calls: [string, number][] }
  | { type: 'stopped'; id: number };

export const isParentMessage = (m: unknown): m is ParentMessage =>
  typeof m === 'object' && m !== null && ['sample', 'replyCalls', 'stop'].includes((m as ParentMessage).type) && typeof (m as ParentMessage).id === 'number';

export const isChildMessage = (m: unknown): m is ChildMessage =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';

/** In a child: answer samples, stop on request, and exit when the parent goes away. */
export function serveParent(handlers: { sample: () => ProcessSample; replyCalls?: () => [string, number][]; stop: (abrupt: boolean) => Promise<void> }): void {
  const reply = (m: ChildMessage) => process.send?.(m);
  let stopping = false;
  const stopAndExit = async (abrupt: boolean, id?: number) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 15_000);
    try {
      await handlers.stop(abrupt);
    } finally {
      clearTimeout(force);
      if (id !== undefined && process.connected) reply({ type: 'stopped', id });
      // Let the IPC message leave before exiting.
      setTimeout(() => process.exit(0), 50);
    }
  };
  process.on('message', (m: unknown) => {
    if (!isParentMessage(m)) return;
    if (m.type === 'sample') reply({ type: 'sample', id: m.id, ...handlers.sample() });
    else if (m.type === 'replyCalls') reply({ type: 'replyCalls', id: m.id, calls: handlers.replyCalls?.() ?? [] });
    else void stopAndExit(m.abrupt, m.id);
  });
  process.once('disconnect', () => void stopAndExit(true));
}
