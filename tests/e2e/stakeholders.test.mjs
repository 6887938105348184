// Public registration in the browser against a real `corridor serve` (demo workspaces; mail goes
// to the file outbox DATA/outbox by the server's delivery loop): register without an account,
// read the confirmation mail from the outbox, confirm, find the person on the admin record page,
// then withdraw consent through the link every mail carries.
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, login, text, corridor, mailTo } from './support.mjs';

const WS = '/w/neo-cycle';
const EMAIL = 'ada.e2e@example.org';

describe('stakeholder registration in the browser', () => {
  const suite = browserSuite({ cordis: false });
  const { step } = suite;
  let server;
  let page;
  before(() => ({ server, page } = suite));
  const state = {};

  step('register through the public form, without an account', async () => {
    await page.goto(`${WS}/register`);
    // Fields by id: labels also carry help texts, and option labels repeat words.
    await page.locator('#r-name').fill('Ada <b>Lovelace</b>');
    await page.locator('#r-org').fill('Analytical Engines');
    await page.locator('#r-email').fill(EMAIL);
    await page.locator('#r-country').fill('ie');
    await page.locator('#r-type').selectOption({ label: 'Industrial actors' });
    await page.locator('#r-sector').selectOption({ label: 'WEEE recycling' });
    await page.locator('input[name="consent"][value="contact"]').check();
    await page.locator('input[name="consent"][value="newsletter"]').check();
    await Promise.all([page.waitForURL(/\/register\/done/), page.getByRole('button', { name: 'Register' }).click()]);
    assert.match(await text(page.locator('h1')), /Check your e-mail/);
    assert.deepEqual(page.consoleErrors, []);
  });

  step('confirm with the link from the confirmation mail', async () => {
    const eml = await mailTo(server.dataDir, EMAIL);
    assert.match(eml, /List-Unsubscribe: <http:\/\/[^>]+\/me\/[0-9a-f]{64}\/withdraw>/);
    const confirm = eml.match(/(http:\/\/\S+\/register\/confirm\/[0-9a-f]{64})/);
    const me = eml.match(/(http:\/\/\S+\/me\/[0-9a-f]{64})\s/);
    assert.ok(confirm && me, `links missing in the mail:\n${eml}`);
    state.me = me[1];
    await page.goto(confirm[1]);
    await page.getByRole('button', { name: 'Confirm my registration' }).click();
    assert.match(await text(page.locator('h1')), /Registration confirmed/);
  });

  step('the person appears in the admin record page, escaped and active', async () => {
    const { stdout } = await corridor(['stakeholder', 'show', 'neo-cycle', EMAIL, '--db', server.db]);
    const id = stdout.match(/^id: (\d+)$/m)[1];
    state.recordUrl = `${WS}/stakeholders/${id}`;
    await login(page, server);
    await page.goto(state.recordUrl);
    assert.match(await text(page.locator('h1')), /Ada <b>Lovelace<\/b>/); // shown as text, not markup
    assert.equal(await page.locator('h1 b').count(), 0);
    assert.match(await text(page.locator('#consents')), /contact.*valid, confirmed/s);
  });

  step('withdraw consent with the link from the mail', async () => {
    await page.goto(`${state.me}/withdraw`);
    await page.getByRole('button', { name: 'Withdraw all consent' }).click();
    assert.match(await text(page.locator('h1')), /Consent withdrawn/);
    await page.goto(state.recordUrl);
    const consents = await text(page.locator('#consents'));
    assert.doesNotMatch(consents, /valid, confirmed/);
    assert.match(consents, /withdrawn/);
    assert.match(await text(page.locator('.row').first()), /no valid contact consent/);
  });
});
