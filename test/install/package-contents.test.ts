/**
 * The npm tarball and the wheel hold what a user needs and nothing else (issue 15).
 *
 * npm: the compiled kernel side (lib/ without the browser code lib/lab and without source maps,
 * whose sources are not shipped), bin/tslit.js and the example models (models/<name>/{model.json,
 * weights.bin, tslit.json}, 0.7 MB: the quick start and exampleDataset() use them; see
 * CHANGELOG.md), and `tslit convert`'s Python side (scripts/convert/*.{mjs,py},
 * python/requirements-convert.txt). The wheel: the prebuilt labextension and install.json, nothing else.
 */
import * as fs from 'fs';
import * as path from 'path';
import { manifest, REPO, run } from './manifest';

const m = manifest();
/** Limits with room for growth; today ~0.9 MB packed, ~1.9 MB unpacked (2.5 / 7.7 MB when the labextension was in it). */
const MAX_PACKED = 1.5 * 1024 * 1024;
const MAX_UNPACKED = 3 * 1024 * 1024;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    return e.isDirectory() ? filesUnder(rel) : [rel];
  });
}

describe('the npm tarball', () => {
  const files = m.tarball.files;

  it('is small', () => {
    expect(m.tarball.size).toBeLessThan(MAX_PACKED);
    expect(m.tarball.unpackedSize).toBeLessThan(MAX_UNPACKED);
  });

  it('holds only package.json, the README, bin/tslit.js, compiled lib/ (no lab, no maps) and the example models', () => {
    const unexpected = files.filter(
      (f) => !/^(package\.json|README\.md|CHANGELOG\.md|bin\/tslit\.js|python\/requirements-convert\.txt)$/.test(f) && !/^scripts\/convert\/[a-z_]+\.(mjs|py)$/.test(f) && !/^lib\/(?!lab\/).+\.(js|d\.ts)$/.test(f) && !/^models\/[a-z0-9-]+\/(model\.json|weights\.bin|tslit\.json)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f.startsWith('lib/lab/') || f.startsWith('labextension/') || f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('holds every compiled kernel-side module with its types, and every example model whole', () => {
    // The build (lib/, compiled by scripts/setup.mjs from src/) less what `files` leaves out on purpose.
    const expected = filesUnder('lib').filter((f) => /\.(js|d\.ts)$/.test(f) && !f.startsWith('lib/lab/'));
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.filter((f) => !files.includes(f))).toEqual([]);
    expect(expected.filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, '.d.ts')).filter((f) => !files.includes(f))).toEqual([]);
    // Model folders that package.json's "files" leaves out ('!models/<glob>/': the adapters' test and bench models) stay out; every other is shipped whole.
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { files: string[] };
    const left = pkg.files.flatMap((f) => /^!models\/([^/]+)\/$/.exec(f)?.[1] ?? []).map((g) => new RegExp(`^${g.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`));
    expect(left.length).toBeGreaterThan(0);
    const isLeft = (d: string): boolean => left.some((r) => r.test(d));
    expect(files.filter((f) => /^models\//.test(f) && isLeft(f.split('/')[1]))).toEqual([]);
    for (const model of fs.readdirSync(path.join(REPO, 'models')).filter((d) => !isLeft(d))) {
      for (const file of ['model.json', 'weights.bin', 'tslit.json']) expect(files).toContain(`models/${model}/${file}`);
    }
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'bin/tslit.js', 'lib/index.js', 'lib/index.d.ts', 'lib/cli.js']));
    expect(files).toEqual(expect.arrayContaining(['scripts/convert/venv.mjs', 'scripts/convert/tfjs_converter.py', 'scripts/convert/keras_vocabularies.py', 'python/requirements-convert.txt']));
  });
});

describe('the wheel', () => {
  const listing = run(m.labs.newest.python, ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', m.wheel]);
  const names = listing.stdout.trim().split('\n');
  const data = `tslit-${m.version}.data/data/share/jupyter/labextensions/tslit/`;

  it('holds the prebuilt labextension and install.json, and no Python package', () => {
    expect(listing.status).toBe(0);
    const other = names.filter((n) => !n.startsWith(data) && !n.startsWith(`tslit-${m.version}.dist-info/`));
    expect(other).toEqual([]);
    expect(names).toEqual(expect.arrayContaining([`${data}package.json`, `${data}install.json`, `${data}static/style.js`]));
    expect(names.some((n) => /static\/remoteEntry\.[0-9a-f]+\.js$/.test(n))).toBe(true);
    const built = fs.readdirSync(path.join(REPO, 'labextension', 'static')).map((f) => `${data}static/${f}`);
    expect(names.filter((n) => n.startsWith(`${data}static/`)).sort()).toEqual(built.sort());
  });
});
