// Clustering events in the browser against a real `corridor serve` (demo workspaces): build an
// invitation list from the predefined "Industrial uptake subgroup", create a held event from it
// (its invitees become the participant list), check participants in, write minutes that carry a
// <script> (shown as text, never run), add an action for a participant and close it, and export
// the evidence pack (one self-contained page with the four minimum items).
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, login, text } from './support.mjs';

const WS = '/w/neo-cycle';
const TITLE = 'Catalyst validation workshop (e2e)';

describe('clustering events in the browser', () => {
  const suite = browserSuite({ cordis: false });
  const { step } = suite;
  let server;
  let page;
  before(() => ({ server, page } = suite));
  const state = {};

  step('an invitation list from the industrial uptake subgroup', async () => {
    await login(page, server);
    page.consoleErrors.length = 0;
    await page.goto(`${WS}/segments`);
    await page.getByRole('row', { name: /Industrial uptake subgroup/ }).getByRole('link', { name: 'Invitation list' }).click();
    await page.waitForURL(/\/invitations\/new\?segment=\d+/);
    await page.getByLabel('List name').fill('Catalyst validation list');
    await page.getByLabel(/Justification/).fill('Industrial uptake subgroup: feasibility checks (Table 3)');
    await page.getByLabel('Event title').fill(TITLE);
    await page.getByLabel('Event start').fill('2026-03-10 09:30');
    await Promise.all([page.waitForURL(/\/invitations\/\d+/), page.getByRole('button', { name: 'Save invitation list' }).click()]);
    state.listId = new URL(page.url()).pathname.match(/\/invitations\/(\d+)/)[1];
    state.invited = await page.locator('#invitees tbody tr').count();
    assert.ok(state.invited > 0, 'the demo subgroup invites somebody');
  });

  step('a held event created from the list has its invitees as participants', async () => {
    await page.goto(`${WS}/events/new?list=${state.listId}`);
    assert.equal(await page.locator('#e-title').inputValue(), TITLE);
    assert.equal(await page.locator('#e-start').inputValue(), '2026-03-10');
    assert.equal(await page.locator('#e-stime').inputValue(), '09:30');
    await page.locator('#e-status').selectOption('held');
    await page.locator('#e-mode').selectOption('hybrid');
    await page.locator('#e-org').fill('ISMC, ECOCastulum');
    assert.equal(await page.locator('#e-list').inputValue(), state.listId);
    await Promise.all([page.waitForURL(/\/events\/\d+/), page.getByRole('button', { name: 'Create event' }).click()]);
    state.eventUrl = new URL(page.url()).pathname;
    assert.match(await text(page.locator('#event-title')), /Catalyst validation workshop/);
    assert.match(await text(page.locator('#participant-counts')), new RegExp(`${state.invited} listed, 0 checked in`));
    assert.match(await text(page.locator('#completeness')), /Evidence missing: agenda, minutes, action list/);
    assert.deepEqual(page.consoleErrors, []);
  });

  step('participants are checked in, and a check-in can be undone', async () => {
    const rows = page.locator('#participants-table tbody tr');
    const first = rows.nth(0);
    state.firstName = (await text(first.locator('td').first())).trim();
    await Promise.all([page.waitForURL(/notice=Checked/), first.getByRole('button', { name: /^Check in/ }).click()]);
    assert.equal(await text(page.locator('#checked-in-count')), '1');
    assert.equal(await page.locator('#participants-table tbody tr').nth(0).getAttribute('data-checked-in'), '1');
    if (state.invited > 1) {
      await Promise.all([page.waitForURL(/notice=Checked/),
        page.locator('#participants-table tbody tr').nth(1).getByRole('button', { name: /^Check in/ }).click()]);
      assert.equal(await text(page.locator('#checked-in-count')), '2');
      await Promise.all([page.waitForURL(/notice=Check-in/),
        page.locator('#participants-table tbody tr').nth(1).getByRole('button', { name: /^Undo check-in/ }).click()]);
      assert.equal(await text(page.locator('#checked-in-count')), '1');
    }
  });

  step('minutes with a script are saved and shown as text, never run', async () => {
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    await page.locator('#minutes-md').fill(
      '# Outcomes\n\n- **Replication focus**: recovery chain\n- <script>window.__pwned = 1; alert(1)</script>\n\n' +
      '[click me](javascript:window.__pwned=2) <img src=x onerror="window.__pwned=3">');
    await Promise.all([page.waitForURL(/notice=Minutes/), page.getByRole('button', { name: 'Save minutes' }).click()]);
    const shown = await text(page.locator('#minutes-rendered'));
    assert.match(shown, /<script>window.__pwned = 1; alert\(1\)<\/script>/);
    assert.match(shown, /Replication focus/);
    assert.equal(await page.locator('#minutes-rendered strong').first().textContent(), 'Replication focus');
    assert.equal(await page.locator('#minutes-rendered script, #minutes-rendered img').count(), 0);
    assert.equal(await page.locator('#minutes-rendered a[href^="javascript"]').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(dialogs, 0);
  });

  step('an action is added for a participant and closed', async () => {
    await page.locator('#agenda-form input[name="title"]').fill('Elevator pitches');
    await page.locator('#agenda-form input[name="start_time"]').fill('10:30');
    await Promise.all([page.waitForURL(/notice=Agenda/), page.getByRole('button', { name: 'Add agenda item' }).click()]);
    // An unknown person is refused beside the form, the typed action kept.
    const form = page.locator('#action-form');
    await form.locator('input[name="description"]').fill('Share the replication map');
    await form.locator('input[name="responsible"]').fill('Nobody Known');
    await form.getByRole('button', { name: 'Add action' }).click();
    await page.waitForLoadState();
    assert.match(await text(page.locator('#actions')), /responsible: no workspace member or stakeholder matches "Nobody Known"/);
    assert.equal(await page.locator('#action-form input[name="description"]').inputValue(), 'Share the replication map');
    page.consoleErrors.length = 0;  // the refusal's 400 is logged by the browser; expected here
    // A participant from the suggestions is accepted.
    const who = await page.locator('#people option').first().getAttribute('value');
    assert.ok(who, 'the responsible suggestions list people');
    await page.locator('#action-form input[name="responsible"]').fill(who);
    await page.locator('#action-form input[name="due_date"]').fill('2026-04-30');
    await Promise.all([page.waitForURL(/notice=Action/), page.getByRole('button', { name: 'Add action' }).click()]);
    const row = page.locator('#actions-table tbody tr').first();
    assert.match(await text(row), /Share the replication map/);
    assert.match(await text(page.locator('#completeness')), /Evidence complete/);
    await Promise.all([page.waitForURL(/notice=Action/), row.getByRole('button', { name: /as done/ }).click()]);
    const closed = await text(page.locator('#actions-table tbody tr').first());
    assert.match(closed, /Done/);
    assert.match(closed, /\d{2}\/\d{2}\/\d{4}/);  // closed_at recorded
    assert.deepEqual(page.consoleErrors, []);
  });

  step('an agenda item and an action are edited, the agenda reordered', async () => {
    // The agenda: "Elevator pitches" was added last; edit its title, then move it to the top.
    const agendaRows = page.locator('#agenda-table tbody tr');
    const n = await agendaRows.count();
    assert.ok(n >= 1);
    await Promise.all([page.waitForURL(/edit_agenda=/), page.getByRole('link', { name: 'Edit Elevator pitches' }).click()]);
    const edit = page.locator('#agenda-edit-form');
    assert.equal(await edit.locator('input[name="title"]').inputValue(), 'Elevator pitches');
    await edit.locator('input[name="title"]').fill('Elevator pitches (5 min each)');
    await edit.locator('input[name="speaker"]').fill('Sister projects');
    await Promise.all([page.waitForURL(/notice=Agenda/), edit.getByRole('button', { name: 'Save agenda item' }).click()]);
    assert.match(await text(page.locator('#agenda-table')), /Elevator pitches \(5 min each\)\s*Sister projects/);
    for (let i = 1; i < n; i += 1) {
      await Promise.all([page.waitForURL(/notice=Agenda/),
        page.getByRole('button', { name: 'Move Elevator pitches (5 min each) up' }).click()]);
    }
    assert.match(await text(agendaRows.first()), /Elevator pitches \(5 min each\)/);
    // The action: reopen it as "in progress" with a new due date through its edit form.
    const row = page.locator('#actions-table tbody tr').first();
    await Promise.all([page.waitForURL(/edit_action=/), row.getByRole('link', { name: /^Edit action/ }).click()]);
    const af = page.locator('#action-edit-form');
    await af.locator('select[name="status"]').selectOption('in-progress');
    await af.locator('input[name="due_date"]').fill('2026-05-15');
    await Promise.all([page.waitForURL(/notice=Action/), af.getByRole('button', { name: 'Save action' }).click()]);
    const edited = await text(page.locator('#actions-table tbody tr').first());
    assert.match(edited, /In progress/);
    assert.match(edited, /2026-05-15/);
    assert.deepEqual(page.consoleErrors, []);
  });

  step('the evidence pack holds the four items and stays inert', async () => {
    await Promise.all([page.waitForURL(/\/pack$/), page.locator('#pack-link').click()]);
    const body = await text(page.locator('body'));
    assert.match(body, /Catalyst validation workshop/);
    assert.match(body, /Complete all four minimum items are documented/);
    assert.match(body, /Elevator pitches/);
    assert.match(body, /Share the replication map/);
    assert.match(body, new RegExp(state.firstName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(body, /<script>window.__pwned = 1/);
    assert.equal(await page.locator('script').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    const dl = await page.request.get(`${state.eventUrl}/pack?download=1`);
    assert.equal(dl.status(), 200);
    assert.match(dl.headers()['content-disposition'], /attachment; filename="evidence-pack-Catalyst-validation-workshop-e2e\.html"/);
    const html = await dl.text();
    assert.match(html, /@media print/);
    assert.doesNotMatch(html, /<script/);
  });
});
