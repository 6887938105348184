// The regional ecosystem scoreboard in the browser against a real `corridor serve` (demo
// workspaces): the I4-GREEN open round shows the four regions; a score is entered with its
// evidence (a refused one keeps the input), the round is closed after the confirmation, carried
// forward, compared with the earlier round, and the radar and the map render.
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, login, text } from './support.mjs';

const WS = '/w/i4-green';

describe('scoreboard in the browser', () => {
  const suite = browserSuite({ cordis: false });
  const { step } = suite;
  let server;
  let page;
  before(() => ({ server, page } = suite));
  const state = {};

  step('log in and open the I4-GREEN scoreboard', async () => {
    await login(page, server);
    await page.goto(`${WS}/scoreboard`);
    assert.match(await text(page.locator('h1')), /I4-GREEN regional ecosystem scoreboard/);
    await page.getByRole('link', { name: 'Six-monthly update 2025-H2' }).click();
    state.roundUrl = new URL(page.url()).pathname;
    const head = await text(page.locator('#scoreboard-table thead'));
    for (const region of ['Castilla y León', 'Andalucía', 'Extremadura', 'Alentejo']) assert.ok(head.includes(region), region);
  });

  step('a four-line evidence note is refused and the input kept', async () => {
    const form = page.locator('#score-form');
    await form.locator('select[name="region"]').selectOption('ES43');
    await form.locator('select[name="dimension"]').selectOption('circular-economy');
    await form.locator('select[name="value"]').selectOption('3');
    await form.locator('textarea[name="evidence"]').fill('one\ntwo\nthree\nfour');
    await form.locator('textarea[name="sources"]').fill('https://example.org/iho-pilot');
    await form.getByRole('button', { name: 'Save score' }).click();
    assert.match(await text(page.locator('#errors')), /ES43 \/ circular-economy: evidence: at most 3 lines \(4 given\)/);
    assert.equal(await page.locator('#score-form textarea[name="sources"]').inputValue(), 'https://example.org/iho-pilot');
  });

  step('enter a score with its evidence', async () => {
    const form = page.locator('#score-form');
    await form.locator('select[name="region"]').selectOption('ES43');
    await form.locator('select[name="dimension"]').selectOption('circular-economy');
    await form.locator('select[name="value"]').selectOption('3');
    await form.locator('textarea[name="evidence"]').fill('The IHO pilot now processes rare earths at scale.\nRegional circular economy plan adopted.');
    await form.locator('textarea[name="sources"]').fill('https://example.org/iho-pilot');
    await Promise.all([page.waitForURL(/notice=/), form.getByRole('button', { name: 'Save score' }).click()]);
    const row = page.locator('#scoreboard-table tbody tr', { hasText: 'Circular economy implementation' });
    await row.locator('details').nth(2).locator('summary').click();
    assert.match(await text(row), /The IHO pilot now processes rare earths at scale\./);
    assert.match(await text(row.locator('td').nth(2)), /Developing/);
  });

  step('the radar draws for every region', async () => {
    await page.waitForFunction(() => document.querySelectorAll('canvas[data-drawn="radar"]').length === 4);
  });

  step('close the round after the confirmation', async () => {
    page.once('dialog', (d) => d.accept());
    await Promise.all([page.waitForURL(/notice=/), page.locator('#close-round').click()]);
    assert.match(await text(page.locator('#closed-badge')), /closed/);
    assert.equal(await page.locator('#score-form').count(), 0);
  });

  step('compare with the first round: what changed and why', async () => {
    await page.goto(`${WS}/scoreboard`);
    const option = (select, title) => page.locator(`select[name="${select}"] option`, { hasText: title }).getAttribute('value');
    await page.locator('select[name="from"]').selectOption(await option('from', 'D6.3 regional benchmarking'));
    await page.locator('select[name="to"]').selectOption(await option('to', 'Six-monthly update 2025-H2'));
    await page.getByRole('button', { name: 'Compare' }).click();
    assert.match(await text(page.locator('#compare-summary')), /^1 changed/);
    const row = page.locator('#compare-table tbody tr.change-changed');
    assert.match(await text(row), /Extremadura.*Circular economy implementation.*Emerging \(2\).*Developing \(3\).*IHO pilot now processes/s);
  });

  step('the map shows the four regions', async () => {
    await page.goto(`${state.roundUrl}/map?dimension=circular-economy`);
    const map = page.locator('#scoreboard-leaflet-map.region-map-ready');
    await map.waitFor();
    assert.ok(Number(await map.getAttribute('data-features')) >= 4);
    assert.equal(await page.locator('#scoreboard-leaflet-map path.leaflet-interactive').count() >= 4, true);
    const row = page.locator('table.data tbody tr', { hasText: 'ES43' });
    assert.match(await text(row), /Developing \(3\)/);
  });
});
