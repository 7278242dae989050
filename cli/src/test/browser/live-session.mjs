// Drives one notebook in a live Jupyter Notebook 6.4 page, as an operator would, and prints what each action showed
// as one JSON line. Usage: node live-session.mjs NOTEBOOK_URL SCREENSHOT_DIR ACTION...
//   prepare               dryRun = "false", then every cell above the run cell, one by one
//   stop:PHASE:SHOT       runs the run cell, waits until the board shows PHASE, interrupts (Kernel > Interrupt)
//   publish:PHASE:SHOT    runs the run cell, keeps the board's text when it first shows PHASE, screenshots it, lets it finish
//   all:NAME:FROM         every cell, one by one; NAME-<i>.png of each cell from the first whose source has FROM
// SHOT names the screenshots (SHOT.png while PHASE shows, SHOT-end.png once the cell is done).
import { chromium } from 'playwright-core';

const [url, shots, ...actions] = process.argv.slice(2);
const RUN_CELL = 'Migration.run(settings, progress)';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected(), null, { timeout: 120000 });
  for (const action of actions) {
    const [verb, phase, shot] = action.split(':');
    const result = { action };
    if (verb === 'prepare') {
      await page.evaluate(() => {
        const params = Jupyter.notebook.get_cells().find(c => c.get_text().includes('String dryRun = "true"'));
        params.set_text(params.get_text().replace('String dryRun = "true"', 'String dryRun = "false"'));
      });
      const run = await index(page, RUN_CELL);
      for (let i = 0; i < run; i++) await execute(page, i);
      result.errors = await errors(page, 0, run);
    } else if (verb === 'stop' || verb === 'publish') {
      const i = await index(page, RUN_CELL);
      // A short step (the key and index build at demo scale) can start and end between two polls, and its row stays on
      // the board after it ends: the output's first state that shows PHASE is kept the moment the page renders it.
      // A stop is sent from there too: at demo scale on a fast host the whole rest of the run takes half a second.
      await page.evaluate(([i, phase, stop]) => {
        const area = Jupyter.notebook.get_cell(i).output_area.element[0];
        window.boardDuring = null;
        new MutationObserver((records, observer) => {
          if (area.textContent.includes(phase)) {
            window.boardDuring = area.textContent;
            observer.disconnect();
            if (stop) Jupyter.notebook.kernel.interrupt();
          }
        }).observe(area, { childList: true, subtree: true, characterData: true });
        Jupyter.notebook.get_cell(i).execute();
      }, [i, phase, verb === 'stop']);
      await page.waitForFunction(() => window.boardDuring !== null, null, { polling: 50, timeout: 300000 });
      const cell = page.locator('#notebook-container > div.cell').nth(i);
      await cell.scrollIntoViewIfNeeded();
      await cell.screenshot({ path: `${shots}/${shot}.png` }); // on a fast host the step may have ended by now
      result.during = await page.evaluate(() => window.boardDuring);
      await finished(page, i);
      await page.waitForTimeout(3000); // a kernel that answers the interrupt at once updates the board after
      await cell.screenshot({ path: `${shots}/${shot}-end.png` });
      result.text = await text(page, i);
    } else if (verb === 'all') {
      const n = await page.evaluate(() => Jupyter.notebook.ncells());
      result.cells = [];
      for (let i = 0; i < n; i++) {
        await execute(page, i);
        result.cells.push(await page.evaluate(i => {
          const cell = Jupyter.notebook.get_cell(i);
          return { source: cell.get_text(), text: cell.output_area ? cell.output_area.element.text() : '',
            images: cell.output_area ? cell.output_area.outputs.filter(o => o.data && o.data['image/png'])
                .map(o => o.data['image/png']) : [],
            errors: cell.output_area ? cell.output_area.outputs.filter(o => o.output_type === 'error').length : 0 };
        }, i));
      }
      // The page scrolls inside Jupyter's own pane: each cell from FROM (the run history) on, one picture each.
      const from = shot ? await index(page, shot) : n;
      for (let i = Math.max(from, 0); i < n; i++) {
        const cell = page.locator('#notebook-container > div.cell').nth(i);
        await cell.scrollIntoViewIfNeeded();
        await cell.screenshot({ path: `${shots}/${phase}-${i}.png` });
      }
    }
    console.log(JSON.stringify(result));
  }
} finally {
  await browser.close();
}

async function index(page, text) {
  return page.evaluate(text => Jupyter.notebook.get_cells().findIndex(c => c.get_text().includes(text)), text);
}

async function execute(page, i) {
  await page.evaluate(i => Jupyter.notebook.get_cell(i).execute(), i);
  await finished(page, i);
}

async function finished(page, i) {
  await page.waitForFunction(i => !Jupyter.notebook.get_cell(i).element.hasClass('running'), i,
      { polling: 100, timeout: 300000 });
}

async function text(page, i) {
  return page.evaluate(i => Jupyter.notebook.get_cell(i).output_area.element.text(), i);
}

async function errors(page, from, to) {
  return page.evaluate(([from, to]) => {
    const found = [];
    for (let i = from; i < to; i++) {
      const cell = Jupyter.notebook.get_cell(i);
      if (cell.output_area && cell.output_area.outputs.some(o => o.output_type === 'error')) found.push(cell.get_text());
    }
    return found;
  }, [from, to]);
}
