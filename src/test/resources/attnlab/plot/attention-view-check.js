// AttentionViewBrowserTest's driver: opens an attention view page in headless Debian chromium through playwright-core,
// with real mouse moves, and reports what the page showed.
// Usage: node attention-view-check.js PLAYWRIGHT_CORE_DIR PAGE.html OUT_DIR
// OUT_DIR gets base.png, hover-query.png, hover-key.png, all-heads.png and report.json.
// Exits 1 (with the reason on stderr) when the page does not get ready: a broken script never sets data-ready.
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.resolve(process.argv[2]));
const page_ = process.argv[3], out = process.argv[4];

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const report = { errors: [], requests: [], console: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('pageerror', e => report.errors.push(String(e)));
    page.on('console', m => { if (m.type() === 'error') report.console.push(m.text()); });
    page.on('request', r => { if (!r.url().startsWith('file:')) report.requests.push(r.url()); });
    await page.goto('file://' + path.resolve(page_));
    await page.waitForSelector('.attnlab-av[data-ready="true"]', { timeout: 15000 });
    const root = '.attnlab-av';
    const texts = sel => page.$$eval(sel, els => els.map(e => e.textContent));
    const backgrounds = sel => page.$$eval(sel, els => els.map(e => getComputedStyle(e).backgroundColor));
    report.leftTokens = await texts(root + ' .av-left .av-tok');
    report.rightTokens = await texts(root + ' .av-right .av-tok');
    report.elementsInsideTokens = await page.$$eval(root + ' .av-tok *', els => els.length);
    report.waitingTexts = await page.$$eval(root + ' .av-wait', els => els.length);
    report.heads = await texts(root + ' select.av-head option');
    report.layers = await texts(root + ' select.av-layer option');
    report.baseInfo = await page.textContent(root + ' .av-info');
    await page.screenshot({ path: path.join(out, 'base.png') });

    // hover query 3 on the left (head 0, a previous-token head): key 2 lights up
    await page.hover(root + ' .av-left .av-tok[data-i="3"]');
    report.queryInfo = await page.textContent(root + ' .av-info');
    report.queryRight = await backgrounds(root + ' .av-right .av-tok');
    await page.screenshot({ path: path.join(out, 'hover-query.png') });

    // head 1 (everyone attends to token 0), hover key 0 on the right: every query lights up
    await page.selectOption(root + ' select.av-head', '1');
    await page.hover(root + ' .av-right .av-tok[data-i="0"]');
    report.keyInfo = await page.textContent(root + ' .av-info');
    report.keyLeft = await backgrounds(root + ' .av-left .av-tok');
    await page.screenshot({ path: path.join(out, 'hover-key.png') });

    // all heads, mouse away: every head's lines in its colour
    await page.mouse.move(890, 590);
    await page.selectOption(root + ' select.av-head', '-1');
    report.allInfo = await page.textContent(root + ' .av-info');
    await page.screenshot({ path: path.join(out, 'all-heads.png') });

    // layer 1 through the layer menu
    await page.selectOption(root + ' select.av-layer', '1');
    report.layerInfo = await page.textContent(root + ' .av-info');
    const box = await page.$eval(root + ' canvas', c => { const r = c.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
    report.canvas = box;
  } finally {
    await browser.close();
  }
  fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 1));
})().catch(e => { console.error(String(e && e.stack || e)); process.exit(1); });
