import * as path from 'path';
import { REPO, launchBrowser, openNotebook, runAllCells, startLab } from '../test/browser/lab-harness';
async function main() {
  const names = process.argv.slice(2);
  const lab = await startLab({ notebooks: names.map((n) => path.join(REPO, 'notebooks', n)), env: { TSLIT_PACKAGE_JSON: path.join(REPO, 'package.json') } });
  const fs = await import('fs');
  for (const d of ['models']) fs.symlinkSync(path.join(REPO, d), path.join(lab.rootDir, '..', d));
  const browser = await launchBrowser();
  try {
    for (const name of names) {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
      await openNotebook(page, lab, name, 180000);
      await runAllCells(page, 600000);
      await page.waitForTimeout(3000);
      const outputs = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output');
      const n = await outputs.count();
      for (let i = 0; i < n; i++) {
        const o = outputs.nth(i);
        await o.scrollIntoViewIfNeeded();
        const box = await o.boundingBox();
        if (!box || box.height < 30) continue;
        await o.screenshot({ path: `/tmp/exp/look/${name.replace('.ipynb', '')}-${String(i).padStart(2, '0')}.png` });
      }
      console.log(name, n, 'outputs');
      await page.close();
    }
  } finally {
    await browser.close();
    await lab.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
