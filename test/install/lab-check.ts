/**
 * One supported JupyterLab with tslit installed as a user would (scripts/install-check.mjs):
 * the wheel's labextension is there, the kernelspec points into the project folder, the
 * project's notebook runs headless with nbclient and renders its tslit widget in Chromium.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { CURRENT, cellOutputText, diagnosticScreenshot, launchBrowser, openNotebook, runAllCells, startLab, type Lab } from '../browser/lab-harness';
import { manifest, run, runNotebook } from './manifest';

const NOTEBOOK = 'own-project.ipynb';
const WIDGET_CELL = 1;
const TABLE_CELL = 3;
const VIEW = `${CURRENT} .tslit-prediction`;
const TABLE = `${CURRENT} .tslit-table`;

/** Environment that keeps the user's own Jupyter folders (kernels, labextensions) out of the check. */
export function isolatedJupyterEnv(): NodeJS.ProcessEnv {
  return { JUPYTER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-jupyter-data-')) };
}

export function labCheck(which: 'oldest' | 'newest'): void {
  const m = manifest();
  const env = m.labs[which];

  describe(`JupyterLab ${env.jupyterlab} (the ${which} supported), tslit installed outside the repository`, () => {
    it('has the labextension from the wheel and a kernelspec that runs the project\'s tslit', () => {
      // `npx tslit install` found JupyterLab, jupyterlab_widgets and the labextension of its own version there.
      expect(env.kernelInstall).toEqual({ stdout: `Installed the tslit kernelspec in ${path.join(env.prefix, 'share', 'jupyter', 'kernels', 'tslit')}\n`, stderr: '' });
      const list = run(env.jupyter, ['labextension', 'list'], { env: { ...process.env, ...isolatedJupyterEnv() } });
      expect(list.status).toBe(0);
      expect((list.stdout + list.stderr).replace(/\x1b\[[0-9;]*m/g, '')).toMatch(new RegExp(`tslit v${m.version.replace(/\./g, '\\.')} enabled\\s+OK`));
      const spec = JSON.parse(fs.readFileSync(path.join(env.prefix, 'share', 'jupyter', 'kernels', 'tslit', 'kernel.json'), 'utf8')) as { argv: string[] };
      expect(spec.argv[3]).toBe(path.join(fs.realpathSync(m.project), 'node_modules', 'tslit', 'bin', 'tslit.js'));
    });

    it('runs the project\'s notebook headless (nbclient): tslit, its model and data from node_modules, a widget, the version', () => {
      const out = runNotebook(env.python, m.project, NOTEBOOK, isolatedJupyterEnv());
      expect(out.stderr.includes('Traceback') ? out.stderr : '').toBe('');
      const result = out.result!;
      expect(result.error).toBeNull();
      expect(result.cells.flatMap((c) => c.errors)).toEqual([]);
      expect(result.cells[0].stdout).toMatch(/^tslit from node_modules\/tslit; model spam on (wasm|cpu); 20 example messages\n$/);
      expect(result.cells[WIDGET_CELL].mime).toContain('application/vnd.jupyter.widget-view+json');
      expect(result.cells[2].stdout).toMatch(/^\{"predicted":"(spam|ham)","classes":2\}\n$/);
      expect(result.cells[TABLE_CELL].mime).toContain('application/vnd.jupyter.widget-view+json');
      expect(result.widget_models).toEqual(expect.arrayContaining(['PredictionModel', 'DataTableModel']));
      // One version (issue 15): the kernel's implementation_version and the widgets' module version are the package's.
      expect(result.implementation_version).toBe(m.version);
      expect(result.tslit_module_versions).toEqual([m.version]);
      expect(result.language).toBe('typescript');
    }, 300000);

    describe('in Chromium', () => {
      let lab: Lab;
      let browser: Browser;
      let page: Page;
      const console: string[] = [];

      beforeAll(async () => {
        lab = await startLab({ jupyter: env.jupyter, rootDir: m.project, notebooks: [], env: isolatedJupyterEnv() });
        browser = await launchBrowser();
        page = await newPage();
      }, 180000);

      afterAll(async () => {
        await browser?.close();
        await lab?.stop();
      });

      /** A page whose console messages and errors go to `console`. */
      async function newPage(): Promise<Page> {
        const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        p.on('console', (msg) => console.push(`${msg.type()}: ${msg.text()}`));
        p.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
        return p;
      }

      /**
       * Opens the notebook and runs every cell. Seen in two of four fresh-clone runs on a 2-core
       * machine (two Labs, pytest's kernels and jest at once): at Run All, JupyterLab asked
       * "Select Kernel" although the notebook's tslit kernel was up and idle; picking tslit there
       * started a new kernel and the next cell asked again. A new page connects to the same
       * session, so the run is given once more there, and the retry is kept in the console log.
       */
      async function openAndRunAll(): Promise<void> {
        await openNotebook(page, lab, NOTEBOOK);
        try {
          await runAllCells(page);
        } catch (e) {
          if (!/unexpected JupyterLab dialog: Select Kernel/.test((e as Error).message)) throw e;
          console.push(`retry: JupyterLab asked "Select Kernel" at Run All; opened on a new page`);
          await page.close();
          page = await newPage();
          await openNotebook(page, lab, NOTEBOOK);
          await runAllCells(page);
        }
      }

      it('renders the tslit widgets (not "Loading widget…", not an error) with no unmet shared package', async () => {
        try {
          await openAndRunAll();
          const view = page.locator(VIEW);
          await view.waitFor({ timeout: 60000 });
          await page.waitForFunction((sel) => !!document.querySelector(sel)?.getAttribute('data-predicted-for'), VIEW, { timeout: 60000 });
          const shown = await cellOutputText(page, WIDGET_CELL);
          expect(shown).not.toContain('Loading widget');
          expect(shown).not.toContain('Error displaying widget');
          expect(await view.locator('.tslit-bar-label').allTextContents()).toEqual(['ham', 'spam']);
          // The data table: @lumino/datagrid is JupyterLab's own copy (shared, not bundled).
          await page.locator(`${TABLE} .lm-DataGrid`).waitFor({ timeout: 60000 });
          expect(await page.locator(`${TABLE} .tslit-table-status`).textContent()).toBe('20 rows');
          expect(await cellOutputText(page, TABLE_CELL)).not.toContain('Loading widget');
          expect(await page.locator(`${CURRENT} .tslit-error`).count()).toBe(0);
        } catch (e) {
          await diagnosticScreenshot(page, `install-${which}-failure`).catch(() => undefined);
          throw new Error(`${(e as Error).message}\nbrowser console:\n${console.join('\n')}\nserver log:\n${lab.log().slice(-3000)}`);
        }
        // Webpack's warning when JupyterLab's copy of a package shared with the extension is older than the extension asks for.
        expect(console.filter((l) => /Unsatisfied version|tslit:/.test(l))).toEqual([]);
      }, 300000);
    });
  });
}
