// The composite index in the browser against a real `corridor serve` (demo workspaces): the
// administrator imports a small indicator file for I4-GREEN (one old NUTS code mapped, one
// unknown code reported and skipped), computes the index over the workspace's four regions
// with a Monte Carlo, and sees the table, the rank bands and the map drawn by Leaflet from the
// embedded NUTS boundaries, with no Content-Security-Policy violation.
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, login } from './support.mjs';

const WS = '/w/i4-green';
const CSV = [
  'region,indicator,year,value',
  'ES41,gerd,2020,1.2', 'ES61,gerd,2020,1.0', 'ES43,gerd,2020,0.7', 'PT18,gerd,2020,0.9',
  'ES41,unemployment,2020,11', 'ES61,unemployment,2020,22', 'ES43,unemployment,2020,20', 'PT18,unemployment,2020,8',
  'XX99,gerd,2020,3',
  'FRL0,gerd,2020,1.5', 'FRL0,unemployment,2020,9', 'ES51,gerd,2020,1.4', 'ES51,unemployment,2020,10',
].join('\n') + '\n';

describe('composite index in the browser', () => {
  const suite = browserSuite({ cordis: false });
  const { step } = suite;
  let server;
  let page;
  before(() => ({ server, page } = suite));
  const violations = [];

  before(() => {
    page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()); });
    page.on('pageerror', (e) => violations.push(e.message));
  });

  step('log in', async () => {
    await login(page, server);
  });

  step('import an indicator file: rows reported, then imported skipping them', async () => {
    await page.goto(`${WS}/indicators`);
    await page.locator('input[type="file"][name="file"]').setInputFiles({ name: 'iberia.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await Promise.all([page.waitForURL(/\/indicators\/import/), page.getByRole('button', { name: 'Preview' }).click()]);
    assert.match(await page.locator('#import-errors').innerText(), /line 10: region XX99: not a NUTS region code/);
    // unemployment: lower is better
    await page.locator('select[name="dir_1"]').selectOption('-1');
    await page.locator('input[name="skip_bad_rows"]').check();
    await Promise.all([page.waitForURL(/\/indicators\/datasets\/\d+/), page.getByRole('button', { name: 'Import' }).click()]);
    assert.match(await page.locator('main').innerText(), /Imported 12 value\(s\) of 2 indicator\(s\)/);
  });

  step('compute the index with a Monte Carlo and see the table and the map', async () => {
    await page.goto(`${WS}/composite`);
    await page.locator('input[name="mc_runs"]').fill('500');
    await Promise.all([page.waitForURL(/run=1/), page.getByRole('button', { name: 'Compute' }).click()]);
    const table = await page.locator('#composite-table').innerText();
    assert.match(table, /ES41 Castilla y León/);
    assert.match(table, /PT18 Alentejo/);
    assert.equal(await page.locator('#composite-table tbody tr').count(), 4);
    assert.equal(await page.locator('#composite-table svg.band').count(), 4);
    assert.equal(await page.locator('#variance-shares tbody tr').count(), 5);
    // Leaflet drew the four regions from the embedded boundaries.
    await page.locator('#composite-map.region-map-ready').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#composite-map').getAttribute('data-features'), '4');
    assert.ok(await page.locator('#composite-map path.leaflet-interactive').count() >= 4);
    assert.match(await page.locator('#composite-map .leaflet-control-attribution').innerText(), /EuroGeographics/);
    assert.match(await page.locator('#composite-map .region-map-legend').innerText(), /Leader/);
    assert.deepEqual(violations, []);
  });

  // Names with quotes, an ampersand and non-ASCII letters reach the map intact: the map's data
  // is written escaped into a hidden element and read back through textContent.
  const NAME = 'Corridor "Sud" & Côte d\u2019Azur';
  step('a user-defined region with quotes in its name is drawn on the regions map', async () => {
    await page.goto(`${WS}/regions/new`);
    await page.locator('input[name="key"]').fill('sud-corridor');
    await page.locator('input[name="name"]').fill(NAME);
    await page.locator('textarea[name="members"]').fill('FRL0, ES51');
    await Promise.all([page.waitForURL(/\/regions(\?|$)/), page.getByRole('button', { name: 'Save' }).click()]);
    await page.locator('textarea[name="codes"]').fill('ES41, ES61, ES43, PT18, FRL0, sud-corridor');
    await Promise.all([page.waitForURL(/interest/), page.getByRole('button', { name: 'Save regions of interest' }).click()]);
    assert.match(await page.locator('main').innerText(), /Corridor "Sud" & Côte d’Azur/);
    const map = page.locator('#regions-map.region-map-ready');
    await map.waitFor({ timeout: 15_000 });
    // four Iberian regions, FRL0, and the corridor drawn as its two members
    assert.equal(await map.getAttribute('data-features'), '7');
    await page.locator('#regions-map path.leaflet-interactive').nth(6).hover({ force: true });
    const tips = await page.locator('#regions-map .leaflet-tooltip').allInnerTexts();
    assert.ok(tips.some((t) => t.includes(NAME)), `the corridor's name in the tooltip: ${JSON.stringify(tips)}`);
  });

  step('the index over a list with the user-defined region draws its map', async () => {
    await page.goto(`${WS}/composite?run=1&regions=list&codes=${encodeURIComponent('ES41,ES51,FRL0,sud-corridor')}`);
    const table = await page.locator('#composite-table').innerText();
    assert.match(table, /FRL0 Provence-Alpes-Côte d’Azur/);
    assert.ok(table.includes(`sud-corridor ${NAME}`), table);
    await page.locator('#composite-map.region-map-ready').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#composite-map').getAttribute('data-features'), '5');
    assert.deepEqual(violations, []);
  });
});
