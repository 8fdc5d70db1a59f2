/**
 * Bad input outside the repository (issue 15), each where it is detected, each saying what to do:
 * - `tslit install` into a JupyterLab outside the supported range, or one without
 *   jupyterlab_widgets: refused (environments from scripts/install-check.mjs holding only the
 *   package metadata pip installs);
 * - a kernelspec whose Node.js is gone: the kernel launcher, seen through nbclient;
 * - the labextension's activate in a JupyterLab without the widget manager, and in a page that
 *   reports JupyterLab 3.6.8.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startLab, type Lab } from '../browser/lab-harness';
import { isolatedJupyterEnv } from './lab-check';
import { manifest, run, runNotebook } from './manifest';

const m = manifest();
const tslitBin = path.join(m.project, 'node_modules', 'tslit', 'bin', 'tslit.js');
const kernelJson = (prefix: string) => path.join(prefix, 'share', 'jupyter', 'kernels', 'tslit', 'kernel.json');

describe('tslit install refuses an environment tslit cannot work in', () => {
  it('JupyterLab 3.6.8: names the version, the range and the pip command; --force installs anyway with the warning', () => {
    const prefix = m.badEnvironments.lab3;
    fs.rmSync(path.dirname(kernelJson(prefix)), { recursive: true, force: true });
    const refused = run('npx', ['--no-install', 'tslit', 'install', '--prefix', prefix], { cwd: m.project });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`JupyterLab 3.6.8 (in ${prefix}) is outside the range tslit supports (jupyterlab>=4.4.0,<5).`);
    expect(refused.stderr).toContain('pip install "jupyterlab>=4.4.0,<5"');
    expect(refused.stderr).toContain('(--force installs the kernelspec anyway)');
    expect(fs.existsSync(kernelJson(prefix))).toBe(false);

    const forced = run('npx', ['--no-install', 'tslit', 'install', '--prefix', prefix, '--force'], { cwd: m.project });
    expect(forced.status).toBe(0);
    expect(forced.stderr).toContain('tslit install: warning: JupyterLab 3.6.8');
    expect(fs.existsSync(kernelJson(prefix))).toBe(true);
  });

  it('JupyterLab 4 without jupyterlab_widgets: says to install it', () => {
    const prefix = m.badEnvironments.noWidgets;
    const refused = run('npx', ['--no-install', 'tslit', 'install', '--prefix', prefix], { cwd: m.project });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`jupyterlab_widgets is not installed (in ${prefix})`);
    expect(refused.stderr).toContain('pip install "jupyterlab_widgets>=3.0.14,<4"');
    expect(refused.stderr).not.toContain('outside the range');
  });
});

describe('a kernelspec whose Node.js is gone', () => {
  it('fails to start under nbclient with the launcher naming the missing Node.js and the command to run', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-gone-node-'));
    const node = path.join(scratch, 'node-v20', 'bin', 'node');
    fs.mkdirSync(path.dirname(node), { recursive: true });
    fs.copyFileSync(process.execPath, node);
    fs.chmodSync(node, 0o755);
    const prefix = path.join(scratch, 'kernels-prefix');
    const installed = run(node, [tslitBin, 'install', '--prefix', prefix], { cwd: m.project });
    expect(installed.status).toBe(0);
    expect((JSON.parse(fs.readFileSync(kernelJson(prefix), 'utf8')) as { argv: string[] }).argv[2]).toBe(node);
    fs.rmSync(path.join(scratch, 'node-v20'), { recursive: true }); // the Node.js install is gone

    const out = runNotebook(m.labs.newest.python, m.project, 'own-project.ipynb', { ...isolatedJupyterEnv(), JUPYTER_PATH: path.join(prefix, 'share', 'jupyter') });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain(`tslit kernel: Node.js ${node} no longer exists (it was removed, moved or upgraded).`);
    expect(out.stderr).toContain(`npx tslit install --prefix ${prefix}`);
    fs.rmSync(scratch, { recursive: true });
  }, 180000);
});

describe('the labextension tells what stops it', () => {
  let lab: Lab;
  let browser: Browser;

  beforeAll(async () => {
    // A JupyterLab with the widget manager (jupyterlab_widgets' extension) disabled: for the browser, as if it were not installed.
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-no-widgets-'));
    fs.mkdirSync(path.join(config, 'labconfig'));
    fs.writeFileSync(path.join(config, 'labconfig', 'page_config.json'), JSON.stringify({ disabledExtensions: { '@jupyter-widgets/jupyterlab-manager': true } }));
    lab = await startLab({ jupyter: m.labs.newest.jupyter, rootDir: m.project, notebooks: [], env: { ...isolatedJupyterEnv(), JUPYTER_CONFIG_PATH: config } });
    browser = await launchBrowser();
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  /** Opens the notebook and returns the console's tslit lines and the notifications shown. */
  async function open(page: Page): Promise<{ console: string[]; toasts: string }> {
    const lines: string[] = [];
    page.on('console', (msg) => {
      if (msg.text().startsWith('tslit:')) lines.push(msg.text());
    });
    // Not openNotebook: whether the kernel gets idle is not the point here.
    await page.goto(`${lab.url}/lab/tree/own-project.ipynb?token=${lab.token}`);
    await page.locator('.jp-Notebook').first().waitFor({ timeout: 120000 });
    await page.locator('.Toastify__toast', { hasText: 'tslit:' }).first().waitFor({ timeout: 60000 });
    return { console: lines, toasts: (await page.locator('.Toastify__toast').allTextContents()).join('\n') };
  }

  it('without the widget manager: a notification and a console error saying to install jupyterlab_widgets', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const shown = await open(page);
    const message = 'tslit: jupyterlab_widgets is not installed (in the environment running this JupyterLab)';
    expect(shown.console.some((l) => l.startsWith(message) && l.includes('pip install "jupyterlab_widgets>=3.0.14,<4"'))).toBe(true);
    expect(shown.toasts).toContain(message);
    expect(shown.toasts).not.toContain('outside the range');
    await page.close();
  }, 180000);

  it('in a JupyterLab reporting version 3.6.8: a notification naming the version and the supported range', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // The version JupyterLab reports to its plugins comes from the page config in the page's HTML.
    await page.route('**/lab/tree/**', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/"appVersion":\s*"[^"]*"/, '"appVersion": "3.6.8"');
      await route.fulfill({ response, body: html });
    });
    const shown = await open(page);
    const message = 'tslit: JupyterLab 3.6.8 (this JupyterLab) is outside the range tslit supports (jupyterlab>=4.4.0,<5).';
    expect(shown.console.some((l) => l.startsWith(message))).toBe(true);
    expect(shown.toasts).toContain(message);
    await page.close();
  }, 180000);
});
