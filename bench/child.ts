import { fork, type ChildProcess } from 'node:child_process';
import { isChildMessage, type ChildMessage, type ParentMessage, type ProcessSample } from './ipc.js';

/**
 * A server under test running in a child process of its own, driven
 * over IPC: wait for it to listen, ask for memory samples, stop it. Every wait has a deadline.
 */
export class ChildServer {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: ChildMessage) => void>();
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly ports: Record<string, number>,
  ) {
    this.exit = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.exited = true;
        resolve();
      }
      child.once('exit', () => {
        this.exited = true;
        resolve();
      });
    });
    child.on('message', (m: unknown) => {
      if (!isChildMessage(m) || !('id' in m)) return;
      const waiter = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      waiter?.(m);
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Forks `script` (a .js file, or a .ts file with execArgv ['--import', 'tsx']) and waits until it listens. */
  static start(name: string, script: string, opts: { cwd: string; execArgv: string[]; env: Record<string, string> }, readyTimeoutMs = 60_000): Promise<ChildServer> {
    const child = fork(script, [], {
      cwd: opts.cwd,
      execArgv: opts.execArgv,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name}: not listening within ${readyTimeoutMs} ms`));
      }, readyTimeoutMs);
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        reject(new Error(`${name}: exited before it was ready (code ${code}, signal ${signal})`));
      };
      child.once('exit', onExit);
      child.on('message', function onMessage(m: unknown) {
        if (!isChildMessage(m)) return;
        if (m.type === 'ready') {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve(new ChildServer(name, child, m.ports));
        } else if (m.type === 'failed') {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.kill('SIGKILL');
          reject(new Error(`${name}: failed to start: ${m.error}`));
        }
      });
    });
  }

  private ask(msg: ParentMessage, timeoutMs: number): Promise<ChildMessage | undefined> {
    if (this.exited || !this.child.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(msg.id);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(msg.id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.child.send(msg, (err) => {
        if (err) {
          clearTimeout(timer);
          this.waiting.delete(msg.id);
          resolve(undefined);
        }
      });
    });
  }

  /** The child's own memory figures (undefined if it does not answer within the timeout). */
  async sample(timeoutMs = 2000): Promise<ProcessSample | undefined> {
    const m = await this.ask({ type: 'sample', id: this.nextId++ }, timeoutMs);
    return m?.type === 'sample' ? { rss: m.rss, heapUsed: m.heapUsed, ...(m.delivered !== undefined ? { delivered: m.delivered } : {}) } : undefined;
  }

  /** The bot's reply send calls so far: message replied to → epoch ms of the call (empty if it does not answer). */
  async replyCalls(timeoutMs = 10_000): Promise<Map<string, number>> {
    const m = await this.ask({ type: 'replyCalls', id: this.nextId++ }, timeoutMs);
    return new Map(m?.type === 'replyCalls' ? m.calls : []);
  }

  /** Asks the child to stop (abrupt: the bot's crash(), for throw-away databases), then kills it if it lingers. */
  async stop(abrupt: boolean, timeoutMs = 30_000): Promise<void> {
    if (this.exited) return;
    await this.ask({ type: 'stop', id: this.nextId++, abrupt }, timeoutMs);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exit;
    clearTimeout(timer);
  }

  /** Last resort (errors, Ctrl-C): SIGKILL and wait for the exit. */
  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }
}
