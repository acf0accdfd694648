import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join, resolve } from 'node:path';
import { packageRoot } from '../lib/package-root.js';

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  /** Called with progress lines (install, start). */
  onInfo?: (msg: string) => void;
}

/** Finds or builds the FerretDB binary (scripts/install-ferretdb.sh; cached across runs). */
export function ensureFerretDbBinary(onInfo: (msg: string) => void = () => {}): string {
  const fromEnv = process.env.FERRETDB_BIN;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const script = join(packageRoot(), 'scripts', 'install-ferretdb.sh');
  onInfo('locating FerretDB (first run builds it with Go, about a minute)');
  const out = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const bin = out.stdout?.trim().split('\n').pop();
  if (out.status !== 0 || !bin || !existsSync(bin)) {
    throw new Error(`FerretDB could not be installed (scripts/install-ferretdb.sh exited ${out.status})`);
  }
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

const canConnect = (port: number) =>
  new Promise<boolean>((res) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('error', () => res(false));
  });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface PidFile {
  pid: number;
  port: number;
  /** The process that started it (the bot or the CLI). */
  owner: number;
}

const readPidFile = (file: string): PidFile | null => {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<PidFile> | number;
    if (typeof parsed === 'number') return { pid: parsed, port: 0, owner: 0 };
    if (typeof parsed?.pid === 'number' && typeof parsed.port === 'number' && typeof parsed.owner === 'number') return parsed as PidFile;
  } catch {
    // unreadable: treated as absent
  }
  return null;
};

/**
 * Starts FerretDB (SQLite backend) on a free loopback port with its data in `dataDir`.
 * If a live process (the bot, while the admin CLI runs) already serves that folder, shares
 * it instead of starting a second one on the same files. A FerretDB left behind by a killed
 * run (its owner is gone) is stopped first.
 */
export async function startEmbeddedFerretDb(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const info = opts.onInfo ?? (() => {});
  const bin = ensureFerretDbBinary(info);
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const pidFile = join(dataDir, 'ferretdb.pid');
  const previous = existsSync(pidFile) ? readPidFile(pidFile) : null;
  if (previous && isAlive(previous.pid) && previous.owner > 0 && isAlive(previous.owner) && (await canConnect(previous.port))) {
    info(`using the FerretDB (pid ${previous.pid}) that process ${previous.owner} runs on ${dataDir}`);
    return { uri: `mongodb://127.0.0.1:${previous.port}/govdesk`, port: previous.port, pid: previous.pid, async stop() {} };
  }
  if (previous && previous.pid > 0 && isAlive(previous.pid)) {
    info(`stopping a FerretDB (pid ${previous.pid}) left running on ${dataDir}`);
    process.kill(previous.pid, 'SIGTERM');
    for (let i = 0; i < 50 && isAlive(previous.pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(pidFile, { force: true });
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    bin,
    [
      '--handler=sqlite',
      // WAL with synchronous=NORMAL: a commit survives the process being killed (what the
      // embedded database must survive) without an fsync per write; only an OS crash may lose
      // the last commits. Production runs on MongoDB.
      `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dataDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exited = false;
  const exitPromise = new Promise<void>((res) =>
    child.once('exit', () => {
      exited = true;
      res();
    }),
  );
  for (let i = 0; i < 200; i++) {
    if (exited) throw new Error(`FerretDB exited at start: ${stderr.trim()}`);
    if (await canConnect(port)) break;
    await new Promise((r) => setTimeout(r, 100));
    if (i === 199) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not listen on port ${port} within 20 s: ${stderr.trim()}`);
    }
  }
  writeFileSync(pidFile, JSON.stringify({ pid: child.pid!, port, owner: process.pid } satisfies PidFile));
  return {
    uri: `mongodb://127.0.0.1:${port}/govdesk`,
    port,
    pid: child.pid!,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      rmSync(pidFile, { force: true });
    },
  };
}
