/**
 * `tslit export`: the real command (bin/tslit.js → lib/export) runs a small notebook in a
 * private JupyterLab and headless Debian Chromium and writes its plots. Checks the files are
 * real PNG (signature, IHDR with the plot's size) and SVG documents, that a failing cell is
 * named and the plots after it are still written, and that bad arguments fail at once.
 *
 * Needs the compiled package (`npx tsc -p tsconfig.json`), .venv with JupyterLab and the tslit
 * extension and kernelspec (`npm run setup`), and /usr/bin/chromium. About a minute.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkOutputDir, parseExportArgs, plotFileName } from '../../src/export';

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'tslit.js');
// Under the repo, so that cells can `import ... from 'tslit'` (node_modules/tslit -> ..).
const WORK = path.join(REPO, '.test-results', 'export');

function writeNotebook(name: string, cells: string[]): string {
  fs.mkdirSync(WORK, { recursive: true });
  const file = path.join(WORK, name);
  const nb = {
    cells: cells.map((source, i) => ({ cell_type: i === 0 ? 'markdown' : 'code', id: `c${i}`, metadata: {}, source, ...(i === 0 ? {} : { outputs: [], execution_count: null }) })),
    metadata: { kernelspec: { name: 'tslit', display_name: 'TypeScript (tslit)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

function runExport(args: string[], timeoutMs = 240000) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'export', ...args], { cwd: REPO, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk, after checking the signature and chunk type. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const BARS = `import { plotWidget } from 'tslit';
plotWidget({ data: [{ type: 'bar', x: ['spam', 'ham'], y: [3, 5] }], layout: { title: { text: 'a <b>bold</b> title' }, height: 300 } }, { filename: 'salience' })`;
const FAILING = `throw new Error('boom in the third cell');`;
const LINE = `plotWidget({ data: [{ type: 'scatter', mode: 'lines', x: [1, 2, 3], y: [3, 1, 2] }], layout: { height: 250 } }, { filename: 'curve' })`;

describe('argument checks, before any work', () => {
  test('an unknown format is refused at once, naming the format', () => {
    const nb = writeNotebook('args.ipynb', ['# x', BARS]);
    const r = runExport([nb, '--out', path.join(os.tmpdir(), 'tslit-never'), '--format', 'jpeg']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--format must be png or svg, got "jpeg"');
    expect(r.ms).toBeLessThan(5000); // no JupyterLab was started
  });

  test('an output folder that cannot be written (below a regular file) is refused at once', () => {
    const nb = writeNotebook('args.ipynb', ['# x', BARS]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-export-')), 'a-file');
    fs.writeFileSync(file, 'x');
    const r = runExport([nb, '--out', path.join(file, 'plots')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot write to the output folder ${path.join(file, 'plots')}`);
    expect(r.ms).toBeLessThan(5000);
    expect(() => checkOutputDir(path.join(file, 'plots'))).toThrow(/ENOTDIR|EEXIST|not a folder/);
  });

  test('a missing notebook, a missing --out, an unknown option', () => {
    expect(runExport(['nope.ipynb', '--out', os.tmpdir()]).stderr).toContain('cannot read the notebook');
    expect(() => parseExportArgs(['a.ipynb'])).toThrow('--out DIR is required');
    expect(() => parseExportArgs(['a.ipynb', '--out', 'x', '--scale', '2'])).toThrow('unknown option --scale');
    expect(parseExportArgs(['a.ipynb', '--out=x', '--format=png'], '/w')).toEqual({ notebook: '/w/a.ipynb', out: '/w/x', format: 'png', timeoutMs: 600000 });
  });

  test('file names: cell number, plot name, index', () => {
    expect(plotFileName(3, 'salience.svg', 1, 'svg')).toBe('cell-03-salience-1.svg');
    expect(plotFileName(12, '../odd name?.png', 2, 'png')).toBe('cell-12-odd-name-2.png');
  });
});

test('PNG: a failing cell is named, the plots before and after it are written as real PNGs', () => {
  const nb = writeNotebook('failing.ipynb', ['# plots', BARS, FAILING, LINE]);
  const before = fs.readFileSync(nb, 'utf8');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-export-png-'));
  const r = runExport([nb, '--out', out, '--format', 'png']);
  expect(r.stderr).toContain('cell 3 failed: Error: boom in the third cell');
  expect(r.status).toBe(1);
  expect(fs.readdirSync(out).sort()).toEqual(['cell-02-salience-1.png', 'cell-04-curve-1.png']);
  const bars = pngSize(fs.readFileSync(path.join(out, 'cell-02-salience-1.png')));
  const line = pngSize(fs.readFileSync(path.join(out, 'cell-04-curve-1.png')));
  expect(bars.height).toBe(300); // the layout's height, scale 1
  expect(line.height).toBe(250);
  expect(bars.width).toBeGreaterThan(200);
  // The original notebook is untouched and no run copy is left behind.
  expect(fs.readFileSync(nb, 'utf8')).toBe(before);
  expect(fs.readdirSync(WORK).filter((f) => f.startsWith('.tslit-export-'))).toEqual([]);
});

test('SVG: every plot as an SVG document, the title text escaped as a person sees it', () => {
  const nb = writeNotebook('ok.ipynb', ['# plots', BARS, LINE]);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-export-svg-'));
  const r = runExport([nb, '--out', out, '--format', 'svg']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('2 plot(s) from ok.ipynb');
  const svg = fs.readFileSync(path.join(out, 'cell-02-salience-1.svg'), 'utf8');
  expect(svg.trimStart()).toMatch(/^<svg[\s>]/);
  expect(svg).toContain('height="300"');
  // Data strings are never HTML to plotly: the tags show as text, nothing turns bold.
  expect(svg).toContain('>a &#60;b&#62;bold&#60;/b&#62; title</text>');
  expect(svg).not.toMatch(/font-weight: ?bold|<tspan[^>]*>bold/);
  expect(fs.readFileSync(path.join(out, 'cell-03-curve-1.svg'), 'utf8')).toMatch(/class="scatterlayer/);
});
