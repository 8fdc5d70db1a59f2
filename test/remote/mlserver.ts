/**
 * A real MLServer on loopback for the remote-model tests: scripts/remote/serve_penguins.py
 * trains the scikit-learn model (fixed seed) into a temporary repository, and `.venv/bin/mlserver`
 * serves it. `stop()` kills the server (as a crash would); `start()` starts it again on the
 * same port.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');
const MLSERVER = path.join(REPO, '.venv', 'bin', 'mlserver');

export interface Reference {
  features: string[];
  classes: string[];
  x: number[][];
  proba: number[][];
  accuracy: number;
  /** The binary model `penguins-adelie` (is the bird an Adelie?). */
  adelie: { classes: string[]; proba: number[][] };
}

/** A port with the next two free as well (MLServer's gRPC and metrics ports). */
async function freePorts(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    });
    if (port > 65000) continue;
    const ok = await Promise.all([port + 1, port + 2].map((p) => new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
    })));
    if (ok.every(Boolean)) return port;
  }
}

export class MlServer {
  private child: ChildProcess | null = null;
  private log = '';
  private constructor(readonly dir: string, readonly port: number, readonly reference: Reference) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Trains the model (delay of the slow model in seconds) and starts the server. */
  static async create(slowSeconds = 0.25): Promise<MlServer> {
    if (!fs.existsSync(MLSERVER)) throw new Error(`MLServer is not installed in .venv (${MLSERVER}): run node scripts/setup.mjs --for-tests`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-mlserver-'));
    const port = await freePorts();
    const trained = spawnSync(PYTHON, [path.join(REPO, 'scripts', 'remote', 'serve_penguins.py'), dir, String(port), '--slow', String(slowSeconds)], { encoding: 'utf8' });
    if (trained.status !== 0) throw new Error(`training the served model failed: ${trained.stderr}`);
    const server = new MlServer(dir, port, JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8')) as Reference);
    await server.start();
    return server;
  }

  /** Starts the server; a no-op while it runs (a second process would be orphaned, and hold jest open). */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.child !== null && this.child.exitCode === null) return;
    this.log = '';
    const child = spawn(MLSERVER, ['start', this.dir], { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => { this.log += String(d); });
    child.stderr!.on('data', (d) => { this.log += String(d); });
    this.child = child;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`mlserver exited (${child.exitCode}):\n${this.log.slice(-2000)}`);
      try {
        // Ready once every model in the repository is (the server's own readiness).
        const r = await fetch(`${this.url}/v2/health/ready`);
        if (r.ok && (await fetch(`${this.url}/v2/models/penguins-slow/ready`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`mlserver did not get ready in ${timeoutMs} ms:\n${this.log.slice(-2000)}`);
  }

  /** Kills the server at once (SIGKILL: no graceful drain, like a crash) and waits for it to be gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
    // Uvicorn workers may hold the port a moment longer.
    for (let i = 0; i < 40; i++) {
      try {
        await fetch(`${this.url}/v2/health/live`);
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        return;
      }
    }
  }

  async close(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
