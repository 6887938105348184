// Database-to-invitation in the browser against a real `corridor serve` (demo workspaces; mail to
// the file outbox DATA/outbox): two people register through the public form and confirm with the
// link from their mail; one withdraws consent with the self-service link every mail carries
// (helper A's pages); the administrator finds both in the stakeholder list, builds an invitation
// list from the predefined "Industrial uptake subgroup", and the list leaves out the person who
// withdrew, saying why.
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, login, text, mailTo } from './support.mjs';

const WS = '/w/neo-cycle';
const STAYS = { name: 'Grace Invitee', email: 'grace.e2e@example.org' };
const LEAVES = { name: 'Linus Withdrawn', email: 'linus.e2e@example.org' };

describe('invitation lists in the browser', () => {
  const suite = browserSuite({ cordis: false });
  const { step } = suite;
  let server;
  let page;
  before(() => ({ server, page } = suite));
  const state = {};

  async function registerAndConfirm(person) {
    await page.goto(`${WS}/register`);
    await page.locator('#r-name').fill(person.name);
    await page.locator('#r-org').fill('Magnet Recyclers');
    await page.locator('#r-email').fill(person.email);
    await page.locator('#r-country').fill('de');
    await page.locator('#r-type').selectOption({ label: 'Industrial actors' });
    await page.locator('input[name="consent"][value="contact"]').check();
    await Promise.all([page.waitForURL(/\/register\/done/), page.getByRole('button', { name: 'Register' }).click()]);
    const eml = await mailTo(server.dataDir, person.email);
    const confirm = eml.match(/(http:\/\/\S+\/register\/confirm\/[0-9a-f]{64})/);
    const me = eml.match(/(http:\/\/\S+\/me\/[0-9a-f]{64})\s/);
    assert.ok(confirm && me, `links missing in the mail:\n${eml}`);
    await page.goto(confirm[1]);
    await page.getByRole('button', { name: 'Confirm my registration' }).click();
    assert.match(await text(page.locator('h1')), /Registration confirmed/);
    return me[1];
  }

  step('two people register and confirm', async () => {
    await registerAndConfirm(STAYS);
    state.leaverMe = await registerAndConfirm(LEAVES);
  });

  step('one withdraws consent through the link from the mail', async () => {
    await page.goto(`${state.leaverMe}/withdraw`);
    await page.getByRole('button', { name: 'Withdraw all consent' }).click();
    assert.match(await text(page.locator('h1')), /Consent withdrawn/);
  });

  step('both appear in the stakeholder list, filtered by type', async () => {
    await login(page, server);
    page.consoleErrors.length = 0;  // from here on: this pages only
    await page.goto(`${WS}/stakeholders?type=industrial-actors&q=e2e`);
    const rows = await text(page.locator('table.stakeholders tbody'));
    assert.match(rows, new RegExp(STAYS.name));
    assert.match(rows, new RegExp(LEAVES.name));
    assert.deepEqual(page.consoleErrors, []);
  });

  step('an invitation list from the industrial uptake subgroup leaves out the person who withdrew', async () => {
    await page.goto(`${WS}/segments`);
    await page.getByRole('row', { name: /Industrial uptake subgroup/ }).getByRole('link', { name: 'Invitation list' }).click();
    await page.waitForURL(/\/invitations\/new\?segment=\d+/);
    const excludedPreview = await text(page.locator('#excluded'));
    assert.match(excludedPreview, new RegExp(`${LEAVES.name}.*consent withdrawn on \\d{4}-\\d{2}-\\d{2}`, 's'));
    assert.doesNotMatch(await text(page.locator('#included')), new RegExp(LEAVES.name));
    await page.getByLabel('List name').fill('Catalyst validation workshop');
    await page.getByLabel(/Justification/).fill('Industrial uptake subgroup: feasibility checks (Table 3)');
    await page.getByLabel('Event start').fill('2026-03-10 09:30');
    await Promise.all([page.waitForURL(/\/invitations\/\d+/), page.getByRole('button', { name: 'Save invitation list' }).click()]);
    const invitees = await text(page.locator('#invitees'));
    assert.match(invitees, new RegExp(STAYS.name));
    assert.doesNotMatch(invitees, new RegExp(LEAVES.name));
    assert.match(await text(page.locator('#exclusions')), new RegExp(`${LEAVES.name}.*consent withdrawn`, 's'));
    assert.deepEqual(page.consoleErrors, []);
  });
});
