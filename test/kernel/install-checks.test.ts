/** `tslit install`'s environment check and the kernel launcher it writes (src/kernel/install-checks.ts, launcher.ts). */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { jupyterLabProblem, supportedJupyterLabRange, versionNumbers } from '../../src/core/jupyterlab-support';
import { checkEnvironment, environmentVersions } from '../../src/kernel/install-checks';
import { installKernelSpec } from '../../src/kernel/kernelspec';

const repo = path.join(__dirname, '..', '..');

describe('the supported JupyterLab range', () => {
  it('reads versions the way JupyterLab and pip write them', () => {
    expect(versionNumbers('4.6.0rc1')).toEqual([4, 6, 0]);
    expect(versionNumbers('4.6.0-beta.0')).toEqual([4, 6, 0]);
    expect(versionNumbers('5')).toEqual([5, 0, 0]);
    expect(versionNumbers('nightly')).toBeUndefined();
  });

  it('accepts 4.4.0 up to every 4.x and refuses 4.3, 3.x, 5.0 and nonsense, saying what to install', () => {
    for (const ok of ['4.4.0', '4.5.11', '4.6.6', '4.99.1']) expect(jupyterLabProblem(ok, 'here')).toBeUndefined();
    for (const bad of ['4.3.8', '3.6.8', '5.0.0a1', 'nightly']) {
      expect(jupyterLabProblem(bad, 'in /env')).toBe(
        `JupyterLab ${bad} (in /env) is outside the range tslit supports (jupyterlab>=4.4.0,<5). Install a supported one in that environment: pip install "jupyterlab>=4.4.0,<5", then restart JupyterLab.`,
      );
    }
    expect(supportedJupyterLabRange()).toBe('>=4.4.0,<5');
  });
});

describe('tslit install checks the environment', () => {
  it("finds the repo venv's JupyterLab and jupyterlab_widgets and has nothing to say about them", () => {
    const venv = path.join(repo, '.venv');
    const versions = environmentVersions(path.join(venv, 'bin', 'python'));
    expect(versions.jupyterlab).toMatch(/^4\./);
    expect(versions.jupyterlab_widgets).toMatch(/^3\./);
    expect(checkEnvironment(venv, versions, '0.0.0-test').errors).toEqual([]);
  });

  it('refuses JupyterLab 3 and a missing jupyterlab_widgets; warns of a missing labextension', () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-env-'));
    const findings = checkEnvironment(prefix, { jupyterlab: '3.6.8', jupyterlab_widgets: null }, '1.2.3');
    expect(findings.errors).toHaveLength(2);
    expect(findings.errors[0]).toMatch(/^JupyterLab 3\.6\.8 \(in .*\) is outside the range/);
    expect(findings.errors[1]).toMatch(/^jupyterlab_widgets is not installed .*pip install "jupyterlab_widgets>=3\.0\.14,<4"/);
    expect(findings.warnings).toEqual([`the tslit JupyterLab extension is not installed in ${prefix}: widgets will not render. Install the tslit wheel there (pip install tslit-1.2.3-py3-none-any.whl).`]);
    expect(checkEnvironment(prefix, { jupyterlab: null, jupyterlab_widgets: null }, '1.2.3')).toEqual({ errors: [], warnings: [] });
    fs.rmSync(prefix, { recursive: true });
  });

  it('warns when the labextension there is of another version than the kernel', () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-env-'));
    const ext = path.join(prefix, 'share', 'jupyter', 'labextensions', 'tslit');
    fs.mkdirSync(ext, { recursive: true });
    fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify({ name: 'tslit', version: '0.0.9' }));
    const findings = checkEnvironment(prefix, { jupyterlab: '4.6.6', jupyterlab_widgets: '3.0.17' }, '1.2.3');
    expect(findings).toEqual({ errors: [], warnings: [`the tslit JupyterLab extension in ${prefix} is version 0.0.9, the kernel 1.2.3: install the wheel of the same version (pip install tslit-1.2.3-py3-none-any.whl).`] });
    fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify({ name: 'tslit', version: '1.2.3' }));
    expect(checkEnvironment(prefix, { jupyterlab: '4.6.6', jupyterlab_widgets: '3.0.17' }, '1.2.3')).toEqual({ errors: [], warnings: [] });
    fs.rmSync(prefix, { recursive: true });
  });

  it('a Python that cannot run is named', () => {
    expect(() => environmentVersions('/no/such/python')).toThrow(/cannot run \/no\/such\/python to check its JupyterLab/);
  });
});

describe('the kernel launcher', () => {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-launch-'));
  const dir = installKernelSpec({ prefix });
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'kernel.json'), 'utf8')) as { argv: string[] };
  const launch = (argv: string[]) => spawnSync('python3', [path.join(dir, 'launch_tslit.py'), ...argv], { encoding: 'utf8' });
  afterAll(() => fs.rmSync(prefix, { recursive: true }));

  it('says what to do when the Node.js of the kernelspec is gone', () => {
    const run = launch(['/gone/node-v18/bin/node', spec.argv[3], 'kernel', 'x.json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tslit kernel: Node.js /gone/node-v18/bin/node no longer exists (it was removed, moved or upgraded).');
    expect(run.stderr).toContain(`npx tslit install --prefix ${prefix}`);
  });

  it('says what to do when the tslit package is gone', () => {
    const run = launch([process.execPath, '/gone/project/node_modules/tslit/bin/tslit.js', 'kernel', 'x.json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the tslit package /gone/project/node_modules/tslit/bin/tslit.js no longer exists');
  });

  it('execs Node.js with the rest of argv when both exist', () => {
    const script = path.join(prefix, 'echo.js');
    fs.writeFileSync(script, 'console.log(JSON.stringify(process.argv.slice(2)))');
    const run = launch([process.execPath, script, 'kernel', 'conn.json']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('["kernel","conn.json"]');
  });
});
