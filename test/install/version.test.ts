/**
 * One version number (issue 15): package.json's, which the wheel takes (hatch-nodejs-version),
 * the labextension carries, the kernel reports as `implementation_version` and writes as the
 * widgets' module version (both seen from a real kernel in lab-check.ts), and CHANGELOG.md
 * heads with. And one supported JupyterLab range: src/core/jupyterlab-support.ts, pyproject.toml,
 * the oldest environment CI installs, the README.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OLDEST_JUPYTERLAB_WIDGETS, SUPPORTED_JUPYTERLAB, supportedJupyterLabRange } from '../../src/core/jupyterlab-support';
import { packageVersion } from '../../src/kernel/version';
import { manifest, REPO, run } from './manifest';

const m = manifest();
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('one version', () => {
  const version = (JSON.parse(read('package.json')) as { version: string }).version;

  it('package.json, the packed tarball and the kernel (packageVersion) agree', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/);
    expect(m.version).toBe(version);
    expect(path.basename(m.tarball.file)).toBe(`tslit-${version}.tgz`);
    expect(packageVersion()).toBe(version);
  });

  it("the wheel's name and metadata and its labextension's package.json agree", () => {
    expect(path.basename(m.wheel)).toBe(`tslit-${version}-py3-none-any.whl`);
    const script = [
      'import json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1]); v = sys.argv[2]',
      'meta = z.read(f"tslit-{v}.dist-info/METADATA").decode()',
      'ext = json.loads(z.read(f"tslit-{v}.data/data/share/jupyter/labextensions/tslit/package.json"))',
      'print(json.dumps({"meta": [l for l in meta.splitlines() if l.startswith(("Version:", "Requires-Dist:"))], "ext": ext["version"]}))',
    ].join('\n');
    const out = run(m.labs.newest.python, ['-c', script, m.wheel, version]);
    expect(out.stderr).toBe('');
    const found = JSON.parse(out.stdout) as { meta: string[]; ext: string };
    expect(found.ext).toBe(version);
    expect(found.meta.sort()).toEqual([`Requires-Dist: jupyterlab-widgets<4,>=${OLDEST_JUPYTERLAB_WIDGETS}`, `Requires-Dist: jupyterlab${supportedJupyterLabRange().split(',').reverse().join(',')}`, `Version: ${version}`]);
  });

  it('CHANGELOG.md starts with this version', () => {
    const first = /^## (\S+)/m.exec(read('CHANGELOG.md'));
    expect(first?.[1]).toBe(version);
  });
});

describe('one supported JupyterLab range', () => {
  it('pyproject.toml depends on it', () => {
    expect(read('pyproject.toml')).toContain(`dependencies = ["jupyterlab${supportedJupyterLabRange()}", "jupyterlab_widgets>=${OLDEST_JUPYTERLAB_WIDGETS},<4"]`);
  });

  it('CI installs its oldest release, and a newest one inside it', () => {
    expect(read('python/requirements-install-oldest.txt')).toMatch(new RegExp(`^jupyterlab==${SUPPORTED_JUPYTERLAB.oldest.replace(/\./g, '\\.')}$`, 'm'));
    expect(read('python/requirements-install-oldest.txt')).toMatch(new RegExp(`^jupyterlab_widgets==${OLDEST_JUPYTERLAB_WIDGETS.replace(/\./g, '\\.')}$`, 'm'));
    expect(m.labs.oldest.jupyterlab).toBe(SUPPORTED_JUPYTERLAB.oldest);
    expect(m.labs.newest.jupyterlab).toMatch(/^4\./);
  });

  it('the README states it', () => {
    expect(read('README.md')).toContain(`jupyterlab${supportedJupyterLabRange()}`);
  });
});
