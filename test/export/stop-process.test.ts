/**
 * stopProcess: how `tslit export` and the browser tests stop their Jupyter server. A child that
 * exits on SIGTERM leaves no grace timer behind (one left pending kept `tslit export` and jest
 * alive for ten more seconds); one that ignores SIGTERM is killed when the grace runs out.
 */
import { spawn } from 'child_process';
import { stopProcess } from '../../src/export/jupyter-server';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

function child(ignoreTerm: boolean) {
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('up'); setInterval(() => {}, 1000);`;
  const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise<typeof p>((resolve) => p.stdout.once('data', () => resolve(p)));
}

test('a child that ends on SIGTERM: stopped, and no timer left pending', async () => {
  const p = await child(false);
  const before = timers();
  await stopProcess(p, 60000);
  expect(p.signalCode).toBe('SIGTERM');
  expect(timers()).toBe(before);
});

test('a child that ignores SIGTERM is killed once the grace runs out', async () => {
  const p = await child(true);
  const gone = new Promise((resolve) => p.once('exit', (_code, signal) => resolve(signal)));
  await stopProcess(p, 300);
  expect(await gone).toBe('SIGKILL');
});

test('an exited child is left alone', async () => {
  const p = await child(false);
  p.kill('SIGKILL');
  await new Promise((resolve) => p.once('exit', resolve));
  await expect(stopProcess(p)).resolves.toBeUndefined();
});
