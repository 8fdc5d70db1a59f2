/**
 * A private JupyterLab server from the project's `.venv`, on a free localhost port with a
 * random token, serving one folder, with throw-away settings, workspaces and runtime folders.
 */
import { spawn, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface LabServer {
  url: string;
  token: string;
  stop(): Promise<void>;
  log(): string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops `child` with SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once
 * it is gone (or the grace ran out). The grace timer is cleared when the child exits in time,
 * so the caller's process can exit right away instead of waiting for it.
 */
export async function stopProcess(child: ChildProcess, graceMs = 10000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The `jupyter` executable of the package's venv (override with TSLIT_JUPYTER). */
export function jupyterExecutable(packageRoot: string): string {
  const exe = process.env.TSLIT_JUPYTER ?? path.join(packageRoot, '.venv', 'bin', 'jupyter');
  if (!fs.existsSync(exe)) throw new Error(`${exe} not found: run \`npm run setup\` first (or set TSLIT_JUPYTER to a jupyter with JupyterLab 4 and the tslit extension)`);
  return exe;
}

function writeSetting(work: string, extension: string, plugin: string, value: Record<string, unknown>): void {
  const dir = path.join(work, 'settings', ...extension.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${plugin}.jupyterlab-settings`), JSON.stringify(value));
}

export async function startLabServer(jupyter: string, rootDir: string, timeoutMs = 90000): Promise<LabServer> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-export-'));
  const configDir = path.join(work, 'config');
  fs.mkdirSync(path.join(configDir, 'labconfig'), { recursive: true });
  fs.writeFileSync(path.join(configDir, 'labconfig', 'page_config.json'), JSON.stringify({ disabledExtensions: { '@jupyterlab/apputils-extension:announcements': true } }));
  // Every cell in the DOM (no windowing), so every plot lays out and can be found; no autosave.
  writeSetting(work, '@jupyterlab/notebook-extension', 'tracker', { windowingMode: 'none' });
  writeSetting(work, '@jupyterlab/docmanager-extension', 'plugin', { autosave: false });
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const args = [
    'lab', '--no-browser', '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${rootDir}`,
    `--LabApp.user_settings_dir=${path.join(work, 'settings')}`, `--LabApp.workspaces_dir=${path.join(work, 'workspaces')}`,
    '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate', '--ContentsManager.allow_hidden=True',
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
  let output = '';
  const child = spawn(jupyter, args, {
    cwd: rootDir,
    env: { ...process.env, JUPYTER_CONFIG_DIR: configDir, JUPYTER_RUNTIME_DIR: path.join(work, 'runtime') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const server: LabServer = {
    url,
    token,
    log: () => output,
    stop: async () => {
      await stopProcess(child);
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await server.stop();
      throw new Error(`jupyter lab exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/api/status?token=${token}`)).ok) return server;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`jupyter lab did not answer on ${url} within ${timeoutMs / 1000} s:\n${output}`);
    }
    await sleep(250);
  }
}
