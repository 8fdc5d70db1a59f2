/** The kernelspec installer and the `tslit install` options. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseInstallArgs } from '../../src/cli';
import { binPath, installKernelSpec, kernelsDir } from '../../src/kernel/kernelspec';

const repo = path.join(__dirname, '..', '..');

describe('tslit install', () => {
  it('parses the options and rejects unknown ones', () => {
    expect(parseInstallArgs(['--sys-prefix', '--python', '/x/python'])).toEqual({ sysPrefix: true, python: '/x/python' });
    expect(parseInstallArgs(['--prefix=/p', '--interrupt-mode', 'message'])).toEqual({ prefix: '/p', interruptMode: 'message' });
    expect(() => parseInstallArgs(['--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseInstallArgs(['--prefix'])).toThrow(/--prefix needs a value/);
    expect(() => kernelsDir({ user: true, prefix: '/p' })).toThrow(/at most one/);
  });

  it('writes kernel.json under --prefix: the launcher, node, the absolute bin path and signal interrupts', () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-spec-'));
    const dir = installKernelSpec({ prefix });
    expect(dir).toBe(path.join(prefix, 'share', 'jupyter', 'kernels', 'tslit'));
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'kernel.json'), 'utf8'));
    expect(spec).toMatchObject({ display_name: 'TypeScript (tslit)', language: 'typescript', interrupt_mode: 'signal' });
    expect(spec.argv).toEqual(['python3', '{resource_dir}/launch_tslit.py', process.execPath, binPath(), 'kernel', '{connection_file}']);
    expect(fs.existsSync(spec.argv[3])).toBe(true);
    expect(fs.existsSync(path.join(dir, 'launch_tslit.py'))).toBe(true);
    fs.rmSync(prefix, { recursive: true });
  });

  it('--sys-prefix resolves to the prefix of the given python (the venv)', () => {
    const venvPython = path.join(repo, '.venv', 'bin', 'python');
    expect(kernelsDir({ sysPrefix: true, python: venvPython })).toBe(path.join(fs.realpathSync(path.join(repo, '.venv')), 'share', 'jupyter', 'kernels'));
    expect(() => kernelsDir({ sysPrefix: true, python: '/no/such/python' })).toThrow(/cannot run \/no\/such\/python/);
  });
});
