/* The browser test of `pliego serve` (issue 13), run by web.sh against a
 * server it started: the sales page filled in for a French reseller
 * customer, its live preview, a business-rule error beside its field, the
 * PDF and document XML downloaded and compared with `pliego render`; the
 * legal page's variants, a variant's pages and a redline; axe-core on each
 * page. Screenshots and downloads go to PLIEGO_WEB_OUT.
 *
 * Environment: PLIEGO_WEB_URL (the server), PLIEGO_WEB_OUT (artefacts),
 * PLIEGO_CHROMIUM (the browser), PLIEGO (the CLI), PLIEGO_SOURCE_ROOT. */
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const base = process.env.PLIEGO_WEB_URL;
const out = process.env.PLIEGO_WEB_OUT;
const source = process.env.PLIEGO_SOURCE_ROOT;
const cli = process.env.PLIEGO;
const on = '2026-11-25';
const kind = 'cancellation-notice';

/* A French customer who bought through a reseller; the effective date is
   first too early (France asks 30 days' notice), then valid. */
const customer = {
  customer_id: 'C-30077',
  legal_name: 'Atelier Lumière & Fils SARL',
  contact_name: 'Claire Dubois',
  contact_email: 'claire.dubois@atelier-lumiere.example',
  address: '12 rue des Lilas\n75011 Paris',
  country: 'FR',
  channel: 'reseller',
  reseller: 'Revendeur Alpes SAS',
  vendor_entity: 'Northwind Support Services France SAS',
  products: 'NW-7F3K2Q Remote Software Support, 24/7\nNW-9B1T8M Collaborative Third-Party Support',
  order_number: 'ORD-2026-01234',
  start_date: '2026-02-01',
  term_months: '24',
  price: '9800.00',
  currency: 'EUR',
  notice_date: '2026-11-25',
  notice_reason: 'non-payment',
  effective_date: '2027-01-04',
};
const tooEarly = '2026-12-01';

let step = 'start';
function log(message) {
  process.stdout.write(message + '\n');
}

async function shoot(page, name, whole = true) {
  await page.screenshot({ path: path.join(out, name + '.png'), fullPage: whole });
}

/* axe-core's WCAG 2.x A and AA rules and its best practices: no violations. */
async function noViolations(page, what) {
  const result = await new AxeBuilder({ page }).analyze();
  const lines = result.violations.map((v) =>
    v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  assert.deepEqual(lines, [], 'axe-core on ' + what);
  log('ok axe-core: no violations on ' + what + ' (' + result.passes.length + ' rules pass)');
}

async function settled(page, expected) {
  await page.waitForFunction((want) => {
    const now = document.body.dataset.preview;
    return now === want || now === 'failed';
  }, expected, { timeout: 60000 });
  const now = await page.evaluate(() => document.body.dataset.preview);
  if (now !== expected) {
    const status = await page.textContent('#preview-status');
    assert.fail('preview is ' + now + ', wanted ' + expected + ': ' + status);
  }
}

/* The canvas of the preview as PNG bytes (the page image as drawn). */
async function previewPixels(page) {
  const url = await page.evaluate(() => document.getElementById('preview').toDataURL('image/png'));
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

/* The record as `pliego_customer_write_csv` writes it: a header of the
   present fields in the order of /api/meta (README's), one row, cells
   quoted when they hold a comma, a quote or a line break, CRLF ends. */
function customerCsv(fieldOrder, record) {
  const cell = (v) => (/[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
  const present = fieldOrder.filter((name) => record[name] !== undefined && record[name] !== '');
  return present.map(cell).join(',') + '\r\n' + present.map((n) => cell(record[n])).join(',') + '\r\n';
}

function render(csvFile, lang, extra, output) {
  const result = spawnSync(cli, ['render', '--customer', csvFile, '--doc', kind, '--lang', lang,
    '--on', on, '--catalog', source, '--templates', path.join(source, 'templates'),
    '-q', ...extra, '-o', output], { encoding: 'utf8' });
  assert.equal(result.status, 0, 'pliego render: ' + result.stderr);
  return fs.readFileSync(output);
}

async function sales(page, meta) {
  step = 'sales: load';
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.title(), 'New document · pliego');
  await noViolations(page, 'the empty sales page');

  const names = meta.fields.map((f) => f.name.replace(/-/g, '_'));
  for (const name of Object.keys(customer)) {
    assert.ok(names.includes(name), '/api/meta lists field ' + name);
  }
  const france = meta.countries.find((c) => c.code === 'FR');
  assert.ok(france, '/api/meta lists France');

  step = 'sales: fill in the form';
  await page.selectOption('#input-doc', kind);
  await page.fill('#input-on', on);
  assert.equal(await page.isVisible('#field-effective_date'), true, 'the cancellation fields show');
  assert.equal(await page.isVisible('#field-transfer_date'), false, 'the transfer fields hide');
  await page.selectOption('#input-channel', 'direct');
  assert.equal(await page.isVisible('#input-reseller'), false, 'no reseller name for direct');
  await page.selectOption('#input-country', 'FR');
  const offered = await page.$$eval('#input-language option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.deepEqual(offered, france.languages, 'the languages offered in France');
  const documentLanguages = await page.$$eval('#input-lang option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.deepEqual(documentLanguages.slice(0, france.languages.length), france.languages,
    'the document languages: France\'s first');
  /* A document may be asked for in another language of the catalogue. */
  const other = documentLanguages.includes('en') && france.languages[0] !== 'en' ? 'en'
    : documentLanguages.find((l) => l !== france.languages[0]);
  assert.ok(other, 'a second language for the document');
  await page.selectOption('#input-channel', 'reseller');
  assert.equal(await page.isVisible('#input-reseller'), true, 'the reseller name shows for the reseller channel');
  for (const [name, value] of Object.entries(customer)) {
    if (name === 'country' || name === 'channel') continue;
    const tag = await page.$eval('#input-' + name, (e) => e.tagName);
    if (tag === 'SELECT') await page.selectOption('#input-' + name, value);
    else await page.fill('#input-' + name, value);
  }
  await page.selectOption('#input-lang', france.languages[0]);

  step = 'sales: preview of page 1';
  await settled(page, 'shown');
  const status = await page.textContent('#preview-status');
  assert.match(status, /^Preview of page 1 of \d+\.$/, 'preview status');
  assert.equal(await page.isVisible('#preview'), true, 'the preview shows');
  const first = await previewPixels(page);
  assert.ok(first.length > 1000, 'the preview has pixels');
  log('ok preview of page 1 in ' + france.languages[0] + ': ' + status);
  await shoot(page, 'sales-preview-' + france.languages[0]);
  await noViolations(page, 'the sales page with a preview');

  step = 'sales: change the language';
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/preview') && r.status() === 200);
  await page.selectOption('#input-lang', other);
  const response = await answer;
  assert.equal(response.headers()['content-type'], 'image/png');
  assert.match(response.headers()['x-pliego-pages'] || '', /^\d+$/, 'X-Pliego-Pages');
  await settled(page, 'shown');
  const second = await previewPixels(page);
  assert.notDeepEqual(second, first, 'the preview changed with the language');
  log('ok the preview changed from ' + france.languages[0] + ' to ' + other);
  await shoot(page, 'sales-preview-' + other);

  step = 'sales: effective date too early';
  /* the page validates through /api/check and asks for no preview while
     the record is invalid */
  const previews = [];
  const countPreviews = (r) => { if (r.url().endsWith('/api/preview')) previews.push(r.url()); };
  page.on('request', countPreviews);
  const checked = page.waitForResponse((r) => r.url().endsWith('/api/check'));
  await page.fill('#input-effective_date', tooEarly);
  const verdict = await (await checked).json();
  await settled(page, 'invalid');
  page.off('request', countPreviews);
  assert.equal(verdict.ok, false, '/api/check refuses the record');
  assert.ok(verdict.errors.some((e) => e.field === 'effective_date'), '/api/check names the effective date');
  assert.deepEqual(previews, [], 'no preview asked for while the record is invalid');
  const message = (await page.textContent('#field-effective_date .field-error')).trim();
  assert.notEqual(message, '', 'a message beside the effective date');
  assert.match(message, /30/, 'the message gives the notice period');
  assert.doesNotMatch(message, /xml|icu|xpath|errno|U_[A-Z_]+/i, 'plain words');
  assert.equal(await page.getAttribute('#input-effective_date', 'aria-invalid'), 'true');
  assert.equal(await page.isVisible('#preview'), false, 'no preview while the record is invalid');
  for (const name of names) {
    if (name === 'effective_date' || !(await page.$('#error-' + name))) continue;
    assert.equal((await page.textContent('#error-' + name)).trim(), '', 'no message beside ' + name);
  }
  log('ok beside the effective date: ' + message);
  await shoot(page, 'sales-error');
  await noViolations(page, 'the sales page with an error');

  step = 'sales: values are text, never markup';
  await page.fill('#input-term_months', '<b id="injected">24</b>');
  await settled(page, 'invalid');
  assert.equal(await page.$('#injected'), null, 'a value shown as text, not as an element');
  assert.notEqual((await page.textContent('#error-term_months')).trim(), '', 'a message beside the term');
  await page.fill('#input-term_months', customer.term_months);

  step = 'sales: fix and download the PDF';
  await page.fill('#input-effective_date', customer.effective_date);
  await settled(page, 'shown');
  assert.equal((await page.textContent('#error-effective_date')).trim(), '', 'the message went away');
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
  const pdfFile = path.join(out, 'download-' + pdfDownload.suggestedFilename());
  await pdfDownload.saveAs(pdfFile);
  const [xmlDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-xml')]);
  const xmlFile = path.join(out, 'download-' + xmlDownload.suggestedFilename());
  await xmlDownload.saveAs(xmlFile);

  const csvFile = path.join(out, 'customer.csv');
  fs.writeFileSync(csvFile, customerCsv(names, { ...customer, language: '' }));
  const expectedPdf = render(csvFile, other, [], path.join(out, 'cli.pdf'));
  const expectedXml = render(csvFile, other, ['--emit', 'document'], path.join(out, 'cli.xml'));
  const pdf = fs.readFileSync(pdfFile);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'the download is a PDF');
  assert.ok(pdf.equals(expectedPdf), 'the downloaded PDF (' + pdf.length + ' bytes) equals pliego render\'s (' + expectedPdf.length + ' bytes)');
  assert.ok(fs.readFileSync(xmlFile).equals(expectedXml), 'the document XML equals pliego render --emit document');
  log('ok the PDF (' + pdf.length + ' bytes) and the document XML equal pliego render\'s');
  await shoot(page, 'sales-downloaded');
}

async function pickCustomer(page) {
  step = 'sales: find a customer';
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('#customer-search', 'C-20011');
  const button = page.locator('#customer-results button').first();
  await button.waitFor();
  assert.match(await button.textContent(), /C-20011/);
  await button.click();
  assert.equal(await page.inputValue('#input-customer_id'), 'C-20011');
  await settled(page, 'shown');
  const status = await page.textContent('#preview-status');
  const pages = Number((/^Preview of page 1 of (\d+)\.$/.exec(status) || [])[1]);
  assert.ok(pages > 1, 'the service description has several pages: ' + status);
  log('ok customer C-20011 picked from the list: ' + status);

  step = 'sales: page navigation';
  assert.equal(await page.isDisabled('#previous-page'), true, 'no page before the first');
  const first = await previewPixels(page);
  await page.click('#next-page');
  await settled(page, 'shown');
  assert.equal(await page.textContent('#page-label'), 'Page 2 of ' + pages);
  assert.notDeepEqual(await previewPixels(page), first, 'page 2 is another image');
  await page.click('#previous-page');
  await settled(page, 'shown');
  assert.equal(await page.textContent('#page-label'), 'Page 1 of ' + pages);
  log('ok page 2 of ' + pages + ' and back');
}

async function legal(page) {
  step = 'legal: variants';
  await page.goto(base + '/legal?doc=service-description');
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('.group', { timeout: 240000 });
  const groups = await page.locator('.group').count();
  const thumbs = await page.locator('.group img.thumb').count();
  /* the thumbnails load lazily: those in view have pixels */
  await page.waitForFunction(() => {
    const first = document.querySelector('.group img.thumb');
    return first && first.complete && first.naturalWidth > 0;
  }, null, { timeout: 60000 });
  assert.ok(groups > 1, 'several groups');
  assert.equal(thumbs, groups, 'a thumbnail per group');
  log('ok ' + (await page.textContent('#variants-status')));

  step = 'legal: a variant\'s preview';
  await page.click('button[aria-label="Preview France, reseller, fr"]');
  await page.waitForFunction(() => /^Page 1( of \d+)?$/.test(document.getElementById('variant-page-label').textContent));
  assert.equal(await page.getAttribute('#variant-image', 'aria-label'), 'Page 1 of France, reseller, fr');

  step = 'legal: redline';
  await page.selectOption('#input-a', { label: 'France, direct, fr' });
  await page.selectOption('#input-b', { label: 'France, reseller, fr' });
  const a = await page.inputValue('#input-a');
  const b = await page.inputValue('#input-b');
  await page.click('#compare-form button[type="submit"]');
  await page.waitForSelector('#redline .clause');
  const inserted = await page.$$eval('#redline ins', (n) => n.map((x) => x.textContent));
  const deleted = await page.$$eval('#redline del', (n) => n.map((x) => x.textContent));
  const diff = await (await page.request.get(base + '/api/diff?' + new URLSearchParams({ a, b }))).json();
  const runs = (op) => diff.clauses.filter((c) => c.status !== 'same' && Array.isArray(c.words))
    .flatMap((c) => c.words.filter((w) => w.op === op).map((w) => w.text.replace(/^\s/, '')));
  assert.ok(inserted.length > 0 && deleted.length > 0, 'inserted and deleted words');
  assert.deepEqual(inserted, runs('insert'), 'the inserted words of the diff');
  assert.deepEqual(deleted, runs('delete'), 'the deleted words of the diff');
  const link = await page.getAttribute('#redline a[href^="/api/redline.pdf"]', 'href');
  const redlinePdf = await (await page.request.get(base + link)).body();
  assert.equal(redlinePdf.subarray(0, 5).toString(), '%PDF-', 'the redline PDF');
  fs.writeFileSync(path.join(out, 'redline.pdf'), redlinePdf);
  log('ok redline: ' + inserted.length + ' insertions, ' + deleted.length + ' deletions, e.g. +"'
    + inserted[0] + '" -"' + deleted[0] + '"');
  step = 'legal: two catalogues';
  assert.equal(await page.isVisible('#input-catalog-b'), true, 'a catalogue for each side');
  await page.selectOption('#input-b', { label: 'France, direct, fr' });
  await page.selectOption('#input-catalog-b', 'b');
  await page.click('#compare-form button[type="submit"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#redline h4')]
    .some((h) => h.textContent.startsWith('sd.exclusions')) && document.querySelectorAll('#redline .clause').length === 1);
  assert.deepEqual(await page.$$eval('#redline ins', (n) => n.map((x) => x.textContent)), ['des équipements'],
    'the word the second catalogue inserted');
  assert.deepEqual(await page.$$eval('#redline del', (n) => n.map((x) => x.textContent)), ['du matériel'],
    'the words it deleted');
  const catalogLink = await page.getAttribute('#redline a[href^="/api/redline.pdf"]', 'href');
  assert.match(catalogLink, /catalog=a&catalog=b/, 'the redline PDF of the same two sides');
  log('ok the same variant under two catalogues: +"des équipements" -"du matériel"');

  /* the window only: a whole-page shot would load every lazy thumbnail */
  await page.locator('#redline').scrollIntoViewIfNeeded();
  await shoot(page, 'legal-redline', false);
  await noViolations(page, 'the legal page with a redline');
}

(async () => {
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.PLIEGO_CHROMIUM });
  let page = null;
  try {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    /* Script errors and CSP refusals fail the test, and so does every
       error answer but the 422 of an invalid record. A thumbnail that
       waited past the server's deadline on this busy machine is only
       reported: the page shows a note in its place. */
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) pageErrors.push(m.text());
    });
    page.on('response', (r) => {
      const where = new URL(r.url()).pathname;
      if (r.status() < 400 || (r.status() === 422 && r.request().method() === 'POST')) return;
      if (where === '/api/thumb' && (r.status() === 503 || r.status() === 504)) {
        log('note: ' + where + ' answered ' + r.status() + ' (busy machine)');
        return;
      }
      pageErrors.push(r.request().method() + ' ' + where + ' answered ' + r.status());
    });
    const meta = await (await page.request.get(base + '/api/meta')).json();
    await sales(page, meta);
    await pickCustomer(page);
    await legal(page);
    assert.deepEqual(pageErrors, [], 'no script errors or CSP refusals in the pages');
    log('ok the pages of pliego serve; screenshots in ' + out);
  } catch (failure) {
    log('FAIL at ' + step + ': ' + (failure && failure.message ? failure.message : failure));
    if (page) await shoot(page, 'failure').catch(() => {});
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
