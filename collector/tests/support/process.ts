import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(REPO_ROOT, 'collector/src/cli.ts');
const NODE_ARGS = ['--import', 'tsx', CLI];
const execFileAsync = promisify(execFile);

export const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'stageback-collector-'));

export interface CollectorProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (its structured log). */
  log(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** The real collector (`collector/src/cli.ts`) as a child process on a free loopback port; resolves once /healthz answers. */
export async function spawnCollector(env: Record<string, string>): Promise<CollectorProcess> {
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start in 20 s:\n${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /"msg":"listening","url":"([^"]+)"/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${code} before listening:\n${stderr}`));
    });
  });
  const health = await fetch(`${url}/healthz`);
  if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
  return {
    url,
    child,
    log: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

/** Runs the CLI (`npm run collector -- …` without npm) and returns its stdout. */
export async function runCli(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [...NODE_ARGS, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  return stdout;
}

/** `token create` through the CLI (bound to `participant` when given); the token is the last line it prints. */
export async function createToken(
  env: Record<string, string>,
  name: string,
  scope = 'ingest',
  participant?: string,
): Promise<string> {
  const args = ['token', 'create', '--name', name, '--scope', scope];
  if (participant !== undefined) args.push('--participant', participant);
  const stdout = await runCli(args, env);
  const token = stdout.trim().split('\n').at(-1);
  if (!token) throw new Error(`token create printed nothing: ${stdout}`);
  return token;
}
