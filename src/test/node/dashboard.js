// Drives the /admin/ dashboard in real headless Chromium for the JUnit end-to-end test (DashboardBrowser).
// stdin: one JSON command per line {"seq", "cmd", ...}; stdout: one JSON answer per line {"seq", "ok", "result"|"error"}.
// Commands: open {url}, login {token}, snapshot, search {id, user, dialect}, close {id}, screenshot {path}, exit.
// The browser is Debian's chromium (playwright cannot download its own here); launch() gives it a fresh, empty
// profile every time.
const readline = require('readline');
const { chromium } = require('playwright-core');

const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = 15000;
const out = (message) => process.stdout.write(JSON.stringify(message) + '\n');

let browser;
let page;
const problems = [];   // console errors, page errors, failed requests: the test expects none

async function launch() {
  browser = await chromium.launch({
    executablePath: EXECUTABLE,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('console', (message) => {
    // The browser logs API answers 401 (a refused token) and 404 (looking up a closed connection) as failed
    // resources; the page handles both. Anything else is a problem.
    if (message.type() === 'error' && !/status of 40[14] /.test(message.text())) {
      problems.push('console: ' + message.text());
    }
  });
  page.on('pageerror', (error) => problems.push('page error: ' + error.message));
}

/** What the page shows, read from the DOM (and the charts' canvases). */
async function snapshot() {
  return page.evaluate(() => {
    const text = (selector) => {
      const node = document.querySelector(selector);
      return node ? node.textContent.trim() : null;
    };
    const visible = (selector) => {
      const node = document.querySelector(selector);
      return !!node && !node.hidden && node.offsetParent !== null;
    };
    const dialects = ['sync', 'push', 'socketio', 'tapr'];
    const counts = {};
    const rates = {};
    for (const d of dialects) {
      counts[d] = Number((text('[data-testid="count-' + d + '"]') || 'NaN').replace(/,/g, ''));
      rates[d] = { in: Number(text('[data-testid="rate-in-' + d + '"]')), out: Number(text('[data-testid="rate-out-' + d + '"]')) };
    }
    // Pixels of the chart drawn in a dialect's colour: proof the line is on the canvas, not only in data.
    const inked = (canvasId, dialect) => {
      const canvas = document.getElementById(canvasId);
      if (!canvas || !canvas.width) return 0;
      const hex = getComputedStyle(document.documentElement).getPropertyValue('--' + dialect).trim();
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - want[0]) + Math.abs(data[i + 1] - want[1]) + Math.abs(data[i + 2] - want[2]) < 60) count++;
      }
      return count;
    };
    const charts = {};
    for (const id of ['chart-in', 'chart-out']) {
      const canvas = document.getElementById(id);
      const pixels = {};
      for (const d of dialects) pixels[d] = inked(id, d);
      charts[id] = { samples: Number(canvas.dataset.samples || 0), peak: Number(canvas.dataset.peak || 0), pixels };
    }
    return {
      state: document.body.dataset.state,
      url: window.location.href,
      error: visible('#error') ? text('#error') : null,
      loginVisible: visible('#token'),
      status: text('#status'),
      nodes: Array.from(document.querySelectorAll('#nodes tr[data-node-id]')).map((row) => ({
        id: row.dataset.nodeId,
        address: row.querySelector('[data-testid="node-address"]').textContent,
        cells: Array.from(row.cells).map((cell) => cell.textContent.trim()),
      })),
      counts,
      rates,
      charts,
    };
  });
}

async function connectionRows() {
  return page.$$eval('#connections tr[data-conn-id]', (rows) => rows.map((row) => ({
    id: row.dataset.connId,
    dialect: row.dataset.dialect,
    user: row.querySelector('[data-field="user"]').textContent,
  })));
}

const handlers = {
  async open(cmd) {
    await page.goto(cmd.url, { waitUntil: 'load' });
    // Wait until the page decided: signed in, or signed out (with or without an error).
    await page.waitForFunction(() => ['live', 'offline', 'signed-out'].includes(document.body.dataset.state));
    return snapshot();
  },

  async login(cmd) {
    await page.fill('#token', cmd.token);
    await page.click('#connect');
    await page.waitForFunction(() => document.body.dataset.state === 'live'
      || (document.body.dataset.state === 'signed-out' && !document.getElementById('error').hidden));
    return snapshot();
  },

  snapshot,

  async search(cmd) {
    const before = await page.getAttribute('#connections', 'data-loads');
    await page.fill('#search-id', cmd.id || '');
    await page.fill('#search-user', cmd.user || '');
    await page.selectOption('#search-dialect', cmd.dialect || '');
    await page.click('#search-go');
    await page.waitForFunction((loads) => document.getElementById('connections').dataset.loads !== loads, before);
    return { rows: await connectionRows(), status: await page.textContent('#search-status') };
  },

  async close(cmd) {
    const row = page.locator('#connections tr[data-conn-id="' + cmd.id + '"]');
    let confirmText = null;
    page.once('dialog', async (dialog) => {
      confirmText = dialog.message();
      await dialog.accept();
    });
    await row.locator('button[data-action="close"]').click();
    await row.waitFor({ state: 'detached' });
    await page.waitForSelector('#toast:not([hidden])');
    return { confirm: confirmText, toast: await page.textContent('#toast'), rows: await connectionRows() };
  },

  async screenshot(cmd) {
    // The page as an operator leaves it: without a passing notice over the table.
    await page.waitForSelector('#toast', { state: 'hidden' });
    await page.screenshot({ path: cmd.path, fullPage: true });
    return { path: cmd.path };
  },

  async problems() {
    return problems.slice();
  },
};

async function main() {
  try {
    await launch();
  } catch (failure) {
    out({ seq: 0, ok: false, error: 'could not launch ' + EXECUTABLE + ': ' + failure.message });
    process.exit(1);
  }
  out({ seq: 0, ok: true, result: { ready: true, version: browser.version() } });
  const lines = readline.createInterface({ input: process.stdin });
  // One command at a time, in order: the test waits for each answer before sending the next.
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      const cmd = JSON.parse(line);
      if (cmd.cmd === 'exit') {
        await browser.close();
        out({ seq: cmd.seq, ok: true, result: null });
        process.exit(0);
      }
      const handler = handlers[cmd.cmd];
      try {
        if (!handler) throw new Error('unknown command ' + cmd.cmd);
        out({ seq: cmd.seq, ok: true, result: await handler(cmd) });
      } catch (failure) {
        out({ seq: cmd.seq, ok: false, error: String(failure && failure.stack || failure) });
      }
    });
  });
  lines.on('close', async () => {
    await queue;
    await browser.close();
    process.exit(0);
  });
}

main();
