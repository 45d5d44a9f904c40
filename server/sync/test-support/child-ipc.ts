import { fork, type ChildProcess } from 'node:child_process';

/** Figures a child reports: counts and bytes, by name. */
export type ChildReport = Record<string, number>;

/** Parent → child. */
type Ask = { type: 'mark' } | { type: 'report' } | { type: 'close' };
/** Child → parent. */
type Tell =
  | { type: 'ready'; url: string }
  | { type: 'marked' }
  | { type: 'report'; figures: ChildReport; cpuSeconds: number }
  | { type: 'closed' };

/** What a soak child serves: its URL, its figures, and how it stops. */
export interface ChildService {
  url: string;
  report(): Promise<ChildReport>;
  close(): Promise<void>;
}

/**
 * The child's side: says `ready` with its URL, then answers the parent's asks. `mark` starts the CPU
 * count that `report` gives (user + system of this process since the mark), so each side of the soak
 * reports what the measured run cost it and not its start-up.
 */
export function answerParent(service: ChildService): void {
  const send = (m: Tell) => process.send?.(m);
  let cpu0 = process.cpuUsage();
  process.on('message', (m: Ask) => {
    void (async () => {
      if (m.type === 'mark') {
        cpu0 = process.cpuUsage();
        send({ type: 'marked' });
      } else if (m.type === 'report') {
        const cpu = process.cpuUsage(cpu0);
        send({ type: 'report', figures: await service.report(), cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      } else {
        await service.close();
        send({ type: 'closed' });
        process.disconnect();
      }
    })();
  });
  // The parent gone (killed, crashed): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: service.url });
}

/** The parent's handle on a child started by `startChild`. */
export interface ChildHandle {
  url: string;
  /** Starts the child's CPU count. */
  mark(): Promise<void>;
  report(): Promise<{ figures: ChildReport; cpuSeconds: number }>;
  /** Asks the child to close and waits for it to exit; kills it if it does not within a few seconds. */
  close(): Promise<void>;
}

const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/** Starts `script` (TypeScript, through tsx) with `env` added; resolves once it is ready. */
export async function startChild(script: string, env: Record<string, string>): Promise<ChildHandle> {
  const child: ChildProcess = fork(script, [], {
    // `BENCH_CPU_PROFILE=<dir>`: each child writes its own CPU profile there when it exits.
    execArgv: ['--import', 'tsx', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T extends Tell['type']>(type: T): Promise<Extract<Tell, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: Tell) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<Tell, { type: T }>);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`${script} exited (${code}) before ${type}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ask = (m: Ask) => child.send(m);
  const { url } = await next('ready');
  return {
    url,
    async mark() {
      const marked = next('marked');
      ask({ type: 'mark' });
      await marked;
    },
    async report() {
      const r = next('report');
      ask({ type: 'report' });
      const { figures, cpuSeconds } = await r;
      return { figures, cpuSeconds };
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      if (child.connected) ask({ type: 'close' });
      else child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}
