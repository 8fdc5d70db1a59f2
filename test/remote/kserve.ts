/**
 * A real KServe Python model server on loopback (scripts/remote/kserve_penguins.py, from
 * `.venv-kserve`, pinned in python/requirements-kserve.txt), serving the penguin classifier that
 * serve_penguins.py trains: the server that offers the binary tensor extension over REST.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(REPO, '.venv-kserve', 'bin', 'python');

async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

export class KServeServer {
  private log = '';
  private constructor(private readonly child: ChildProcess, readonly port: number) {
    child.stdout!.on('data', (d) => { this.log += String(d); });
    child.stderr!.on('data', (d) => { this.log += String(d); });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(timeoutMs = 90_000): Promise<KServeServer> {
    if (!fs.existsSync(PYTHON)) throw new Error(`KServe is not installed (${PYTHON}): run node scripts/setup.mjs --for-tests`);
    const port = await freePort();
    const server = new KServeServer(spawn(PYTHON, [path.join(REPO, 'scripts', 'remote', 'kserve_penguins.py'), String(port)], { stdio: ['ignore', 'pipe', 'pipe'] }), port);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (server.child.exitCode !== null) throw new Error(`the KServe server exited (${server.child.exitCode}):\n${server.log.slice(-2000)}`);
      try {
        if ((await fetch(`${server.url}/v2/models/penguins/ready`)).ok) return server;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await server.close();
    throw new Error(`the KServe server did not get ready in ${timeoutMs} ms:\n${server.log.slice(-2000)}`);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await gone;
  }
}
