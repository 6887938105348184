// The registry's browser flow against a real `corridor serve` with the demo workspaces and
// the fixture CORDIS corpus (tests/e2e/fixtures/cordis): log in with the forced password
// change, add a consortium partner, add a sister project from CORDIS, edit it, move it
// through the pipeline, export the registry as .xlsx and import it again, discovery, charts,
// and the new-record form's errors. The steps run in order on one server and share state
// (the record added from CORDIS is the one edited and moved).
import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, newPage, login, text, fieldValue, readDownload, escapeRegExp, ADMIN_PASSWORD } from './support.mjs';

const WS = '/w/neo-cycle';
// The fixture project added from CORDIS; one of its organisations (CETEMAG, 999777001)
// carries the organisation ID of the partner added in Settings, under another name.
const GRANT = '101091234';
const PARTNER_LINE = 'Magnetic Materials Technology Centre; MAGTEC; 999777001; ES';
// A label or name that starts with this text (labels also hold help texts and errors).
const startsWith = (label) => new RegExp(`^\\s*${escapeRegExp(label)}`);
const DATE_TIME = /\b\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} UTC\b/;

describe('registry in the browser', () => {
  const suite = browserSuite({ cordis: true });
  const { step } = suite;
  let server;
  let page;
  before(() => ({ server, page } = suite));
  const state = {}; // what later steps need from earlier ones

  function need(key) {
    assert.ok(state[key], `this step needs ${key} from an earlier step, which failed`);
    return state[key];
  }

  async function flash() {
    return text(page.locator('p.flash[role="status"]'));
  }

  // Count of sister projects in the workspace, as the registry list says ("1-31 of 31").
  async function registryTotal() {
    await page.goto(`${WS}/registry`);
    const range = await text(page.locator('nav.pager').first());
    const m = range.match(/of ([\d,]+)/);
    assert.ok(m, `no total in the pager: ${range}`);
    return Number(m[1].replace(/,/g, ''));
  }

  async function historyRowCount() {
    await page.goto(`${WS}/history`);
    return page.locator('table.history tbody tr').count();
  }

  step('log in with the one-time password and the forced password change', async () => {
    assert.match(server.oneTimePassword ?? '', /\S{8,}/, 'serve printed no one-time password');
    const { forcedChange } = await login(page, server);
    assert.equal(forcedChange, true, 'the first login must lead to /account/password');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await flash(), 'Password changed.');
    const card = page.locator('a.card', { hasText: 'NEO-CYCLE' });
    await assert.doesNotReject(card.waitFor(), 'the home page lists the NEO-CYCLE workspace');
    assert.match(await text(card), /29 sister projects/);

    // The one-time password is spent; the chosen one works and is not asked to change again.
    const other = await newPage(suite.browser, server);
    try {
      await other.goto('/login');
      await other.getByLabel('E-mail').fill('admin@localhost');
      await other.getByLabel('Password', { exact: true }).fill(server.oneTimePassword);
      await other.getByRole('button', { name: 'Log in' }).click();
      await other.getByRole('alert').waitFor();
      assert.equal(await text(other.getByRole('alert')), 'Wrong e-mail or password.');
      assert.equal(await other.getByLabel('E-mail').inputValue(), 'admin@localhost', 'the e-mail is kept');
      await other.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
      await Promise.all([other.waitForURL((u) => u.pathname === '/'), other.getByRole('button', { name: 'Log in' }).click()]);
    } finally {
      await other.context().close();
    }
  });

  step('add a consortium partner with its CORDIS organisation ID in Settings', async () => {
    await page.goto(`${WS}/registry`);
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.waitForURL(`**${WS}/settings`);
    const partners = page.locator('textarea[name="partners"]');
    const before = await partners.inputValue();
    assert.match(before, /Iberian Sustainable Mining Cluster; ISMC; ; ES/, 'the demo partners are listed one per line');
    await partners.fill(`${before.trimEnd()}\n${PARTNER_LINE}\n`);
    await Promise.all([page.waitForURL(/\/settings\?notice=/), page.getByRole('button', { name: 'Save settings' }).click()]);
    assert.equal(await flash(), 'Settings saved.');
    const after = await page.locator('textarea[name="partners"]').inputValue();
    assert.ok(after.includes(PARTNER_LINE), `the saved partners include the new line:\n${after}`);
    assert.ok(after.includes('Iberian Sustainable Mining Cluster; ISMC; ; ES'), 'the other partners are kept');
  });

  step('add a sister project from CORDIS by grant ID: auto-filled fields and the shared partner', async () => {
    await page.goto(`${WS}/registry`);
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Add from CORDIS' }).click();
    await page.waitForURL(`**${WS}/cordis/add`);
    assert.match(await text(page.locator('form[role="search"] .help')), /^8 projects in the CORDIS corpus/);
    await page.getByLabel('Grant ID or acronym').fill(GRANT);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: `MAGLOOP grant ${GRANT}` }).waitFor();

    const filled = page.locator('.section', { has: page.getByRole('heading', { name: 'Filled from CORDIS' }) });
    const expected = {
      'Project name': 'Closed-loop recycling of NdFeB permanent magnets from electronic waste',
      'Project acronym': 'MAGLOOP',
      'CORDIS link': `https://cordis.europa.eu/project/id/${GRANT}`,
      Status: 'Ongoing',
      'Start date': '01/01/2023',
      'End date': '31/12/2026',
      'Coordinator name': 'Institut fuer Magnetwerkstoffe und Kreislaufwirtschaft',
      'Coordinator country': 'DE',
      'Number of partners': '5',
      'Number of NEO-CYCLE partners': '1',
      'NEO-CYCLE partner name(s)': 'MAGTEC',
      Programme: 'Horizon Europe',
      Call: 'HORIZON-CL4-2022-RESILIENCE-01',
      'Horizon topic': 'HORIZON-CL4-2022-RESILIENCE-01-09',
    };
    for (const [label, value] of Object.entries(expected))
      assert.equal(await text(fieldValue(filled, label)), value, `preview field "${label}"`);
    assert.match(await text(fieldValue(filled, 'Budget total amount (EUR)')), /^(€\s?6,999,843\.75|6,999,843\.75\s?€)$/);
    assert.match(await text(fieldValue(filled, 'Short description')), /^MAGLOOP closes the loop for neodymium-iron-boron/);
    assert.match(await text(fieldValue(filled, 'Objective(s)')), /digital product passport traces the critical raw materials/);
    // The fixture has no keywords: the preview says so and the form asks for them.
    assert.match(await text(fieldValue(filled, 'Keywords')), /not in CORDIS/);

    const shared = page.locator('.section', { has: page.getByRole('heading', { name: /^Partners shared with NEO-CYCLE: 1$/ }) });
    const rows = shared.locator('table tbody tr');
    assert.equal(await rows.count(), 1, 'exactly one shared partner');
    const cells = await rows.first().locator('td').allTextContents();
    assert.deepEqual(cells.map((c) => c.replace(/\s+/g, ' ').trim()), [
      'Magnetic Materials Technology Centre (MAGTEC)',
      'Centro Tecnologico de Materiales Magneticos (CETEMAG)',
      '999777001',
      'participant',
      'organisation ID',
    ]);

    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add to the longlist' }) });
    await form.locator('[name="keywords"]').fill('NdFeB; magnet recycling; rare earths; hard disk drives');
    await form.locator('[name="industry_field"]').fill('magnet recycling');
    await form.locator('[name="relevance_score"]').selectOption('4');
    await form.locator('[name="relevance_comment"]').fill('Same value chain: short-loop recycling of NdFeB magnets from HDDs.');
    await Promise.all([page.waitForURL(/\/registry\/\d+\?notice=/), form.getByRole('button', { name: 'Add to the longlist' }).click()]);
    assert.equal(await flash(), 'MAGLOOP added to the longlist from CORDIS.');
    state.recordUrl = new URL(page.url()).pathname;

    await page.getByRole('heading', { level: 1, name: /MAGLOOP/ }).waitFor();
    assert.equal(await text(fieldValue(page, 'Coordinator name')), 'Institut fuer Magnetwerkstoffe und Kreislaufwirtschaft');
    assert.equal(await text(fieldValue(page, 'NEO-CYCLE partner name(s)')), 'MAGTEC');
    assert.equal(await text(fieldValue(page, 'Keywords')), 'NdFeB; magnet recycling; rare earths; hard disk drives');
    assert.equal(await text(fieldValue(page, 'Relevance score')), '4 (very high)');
    assert.equal(await text(page.locator('#pipeline .badge').first()), 'Longlist');
    assert.match(await text(page.locator('.row .muted').filter({ hasText: 'version' })), new RegExp(`CORDIS grant ${GRANT}`));
    const created = page.locator('#history tbody tr', { hasText: 'Record created from CORDIS' })
      .filter({ has: page.locator('td.val', { hasText: /^MAGLOOP$/ }) });
    assert.equal(await created.count(), 1, 'the history records the creation from CORDIS');
  });

  step('edit the record: the change shows in its history with the old and the new value', async () => {
    await page.goto(need('recordUrl'));
    const version = Number((await text(page.locator('.row .muted').filter({ hasText: 'version' }))).match(/version (\d+)/)[1]);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit MAGLOOP' }).waitFor();
    // The form carries the stored values.
    assert.equal(await page.getByLabel(startsWith('Project acronym')).inputValue(), 'MAGLOOP');
    assert.equal(await page.getByLabel(startsWith('Start date')).inputValue(), '2023-01-01');
    assert.equal(await page.getByLabel(startsWith('Industry field')).inputValue(), 'magnet recycling');
    await page.getByLabel(startsWith('Industry field')).fill('rare-earth magnet recycling');
    await page.getByLabel(startsWith('Coordinator country')).fill('de');
    await Promise.all([page.waitForURL(/\/registry\/\d+\?notice=/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    assert.equal(await flash(), 'Saved.');
    assert.equal(await text(fieldValue(page, 'Industry field')), 'rare-earth magnet recycling');
    assert.equal(await text(fieldValue(page, 'Coordinator country')), 'DE', 'the country code is stored upper-case');
    const newVersion = Number((await text(page.locator('.row .muted').filter({ hasText: 'version' }))).match(/version (\d+)/)[1]);
    assert.equal(newVersion, version + 1);

    const row = page.locator('#history tbody tr', { has: page.locator('td', { hasText: /^Industry field$/ }) });
    assert.equal(await row.count(), 1, 'one history row for the edited field');
    const cells = (await row.locator('td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
    assert.match(cells[0], /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/, 'when');
    assert.equal(cells[1], 'Administrator');
    assert.deepEqual(cells.slice(2), ['Industry field', 'magnet recycling', 'rare-earth magnet recycling']);
    // Saving "de" stored "DE" as before: not a change, so no history row for it.
    assert.equal(await page.locator('#history tbody tr', { has: page.locator('td', { hasText: /^Coordinator country$/ }) }).count(), 0);
  });

  step('move the record through the pipeline, each step dated and justified', async () => {
    await page.goto(need('recordUrl'));
    const pipeline = page.locator('#pipeline');
    assert.match(await text(pipeline), /No step yet/);
    // From the longlist, only the shortlist (and nothing past it) is offered.
    assert.match(await text(pipeline), /Collaboration-ready: not available/);
    assert.equal(await pipeline.getByRole('radio', { name: 'Collaboration-ready' }).count(), 0);

    const moves = [
      ['Shortlist', 'Very high relevance: same NdFeB short-loop recycling route, shared partner MAGTEC.'],
      ['Interaction-filtered', 'Met at the EURAW clustering workshop, Brussels; minutes in the project folder.'],
      ['Collaboration-ready', 'Joint webinar on magnet recycling agreed with the MAGLOOP coordinator.'],
    ];
    for (const [stage, why] of moves) {
      await pipeline.getByRole('radio', { name: stage, exact: true }).check();
      await pipeline.getByLabel(/Justification/).fill(why);
      await Promise.all([page.waitForURL(/\?notice=/), pipeline.getByRole('button', { name: 'Move' }).click()]);
      assert.equal(await flash(), `Moved to ${stage}.`);
      assert.equal(await text(page.locator('#pipeline p .badge').first()), stage, 'current stage');
    }
    const steps = (await page.locator('#pipeline ol.steps li').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    assert.equal(steps.length, 3, `three steps: ${steps.join(' | ')}`);
    const from = ['Longlist', 'Shortlist', 'Interaction-filtered'];
    moves.forEach(([stage, why], i) => {
      assert.ok(steps[i].startsWith(`${from[i]} → ${stage}`), `step ${i + 1}: ${steps[i]}`);
      assert.match(steps[i], DATE_TIME, `step ${i + 1} is dated`);
      assert.ok(steps[i].includes('Administrator') && steps[i].endsWith(why), `step ${i + 1} names who and why: ${steps[i]}`);
    });
    // The registry list shows the stage too.
    await page.goto(`${WS}/registry?stage=collaboration_ready`);
    const listed = page.locator('table.registry tbody tr', { hasText: 'MAGLOOP' });
    assert.equal(await listed.count(), 1);
    assert.equal(await text(listed.locator('.badge[class*="stage-"]')), 'Collaboration-ready');
  });

  // Exports the registry with the link `linkName` on the Import / export page, uploads the
  // file through the import wizard and checks that the preview finds nothing to change, then
  // commits (when offered) and checks that the registry and its history did not change.
  // Returns the downloaded bytes.
  async function roundTrip(linkName, ext, checkFile) {
    const total = await registryTotal();
    const historyBefore = await historyRowCount();
    await page.goto(need('recordUrl'));
    const versionText = await text(page.locator('.row .muted').filter({ hasText: 'version' }));

    await page.goto(`${WS}/registry`);
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Import / export' }).click();
    await page.waitForURL(`**${WS}/exchange`);
    assert.match(await text(page.locator('section', { hasText: 'Export' }).first()), new RegExp(`The ${total} sister projects of NEO-CYCLE`));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
    const name = download.suggestedFilename();
    assert.match(name, new RegExp(`^neo-cycle-sister-projects-\\d{4}-\\d{2}-\\d{2}\\.${ext}$`));
    const bytes = await readDownload(download);
    checkFile(bytes);

    // The wizard: upload -> preview -> commit (when there is anything to commit).
    await page.getByLabel(startsWith('Spreadsheet')).setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    await Promise.all([page.waitForURL(`**${WS}/import/preview`), page.getByRole('button', { name: 'Upload and preview' }).click()]);
    await page.getByRole('heading', { name: `Import preview: ${name}` }).waitFor();
    const summary = await text(page.locator('p.summary'));
    const m = summary.match(/^(\d+) rows read from the (.+?) file.*?: (\d+) new, (\d+) to update, (\d+) unchanged, (\d+) with errors/);
    assert.ok(m, `preview summary: ${summary}`);
    const [, rows, format, creates, updates, unchanged, errors] = m;
    assert.equal(Number(rows), total, 'one row per sister project');
    assert.equal(format, ext);
    assert.equal(Number(errors), 0, `no row errors (${summary})`);
    assert.equal(await page.locator('table.errors').count(), 0, 'no error table');
    assert.equal(Number(creates), 0, 'nothing new');
    const changed = (await page.locator('table.updates tbody tr').allTextContents()).map((r) => r.replace(/\s+/g, ' ').trim());
    assert.deepEqual(changed, [], 'no field of any row differs from the registry');
    assert.equal(Number(updates), 0, `no update: ${summary}`);
    assert.equal(Number(unchanged), total);
    const alerts = (await page.locator('.error[role="alert"]').allTextContents()).map((a) => a.trim()).filter(Boolean);
    assert.deepEqual(alerts, [], 'no mapping error');
    // Every field column of the export is recognised by its header (Stage is left out on purpose:
    // stages change only on the record page, with a justification; the page says so).
    const unmapped = (await page.locator('table.mapping tbody tr.muted td:nth-child(2)').allTextContents()).map((h) => h.trim());
    assert.deepEqual(unmapped.filter((h) => h !== 'Stage'), [], 'every exported column but Stage is mapped');

    const commit = page.getByRole('button', { name: /^Import: / });
    if (await commit.count()) {
      await Promise.all([page.waitForURL(/\/import\/result\?/), commit.click()]);
      assert.match(await text(page.locator('p.summary')), /^0 created, 0 updated/);
    } else {
      assert.match(await text(page.locator('p.notice')), /Nothing to import: every row already matches the registry/);
    }

    assert.equal(await registryTotal(), total, 'same number of sister projects');
    assert.equal(await historyRowCount(), historyBefore, 'no change recorded in the history');
    await page.goto(need('recordUrl'));
    assert.equal(await text(page.locator('.row .muted').filter({ hasText: 'version' })), versionText, 'the record is unchanged');
    return bytes;
  }

  step('export the registry as .xlsx and import it again: nothing changes', async () => {
    await roundTrip('Excel (.xlsx)', 'xlsx', (bytes) => {
      assert.ok(bytes.length > 1000, `a real workbook, not ${bytes.length} bytes`);
      assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip file');
      assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml')), 'an xlsx: the zip holds xl/worksheets/sheet1.xml');
    });
  });

  step('export the registry as CSV and import it again: nothing changes', async () => {
    await roundTrip('CSV', 'csv', (bytes) => {
      const csv = bytes.toString('utf8').replace(/^\uFEFF/, '');
      const header = csv.slice(0, csv.indexOf('\n'));
      for (const h of ['Project name', 'Project acronym', 'Relevance score', 'Stage'])
        assert.ok(header.includes(h), `CSV header has ${h}: ${header}`);
      assert.match(csv, /MAGLOOP/);
    });
  });

  step('discovery ranks the corpus with matched terms; adding a hit puts it on the longlist', async () => {
    await page.goto(`${WS}/registry`);
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Discovery' }).click();
    await page.waitForURL(`**${WS}/discover`);
    const hits = page.locator('table.discover > tbody > tr');
    await hits.first().waitFor();
    const acronyms = await hits.locator('td:nth-child(3) strong').allTextContents();
    assert.ok(!acronyms.includes('MAGLOOP'), `projects in the registry are left out: ${acronyms}`);
    // The magnet / rare-earth projects of the fixture come first; unrelated ones, if matched at all, after them.
    const related = ['REEGAIN', 'NEOCAT', 'SUSMAGNET'];
    assert.deepEqual([...acronyms.slice(0, 3)].sort(), [...related].sort(), `ranking: ${acronyms.join(', ')}`);
    for (const unrelated of ['MANUSCRIPT', 'URBANAIR', 'AQUAFEED']) {
      const at = acronyms.indexOf(unrelated);
      assert.ok(at === -1 || at >= 3, `${unrelated} ranks below the magnet projects: ${acronyms.join(', ')}`);
    }
    const ranks = (await hits.locator('td:nth-child(1)').allTextContents()).map((r) => Number(r.trim()));
    assert.deepEqual(ranks, ranks.map((_, i) => i + 1), 'ranked 1, 2, 3, ...');
    const scores = (await hits.locator('td:nth-child(2)').allTextContents()).map((s) => Number(s.trim()));
    assert.ok(scores.every((s, i) => Number.isFinite(s) && s > 0 && (i === 0 || s <= scores[i - 1])), `scores descend: ${scores}`);

    const top = hits.filter({ hasText: acronyms[0] });
    const terms = (await top.locator('td.terms span').allTextContents()).map((t) => t.trim().toLowerCase());
    assert.ok(terms.length > 0, 'the top hit shows its matched terms');
    assert.ok(terms.some((t) => /^(ndfeb|magnet|rare|earth|neodymium|recycl|weee|critic)/.test(t)),
      `the matched terms come from the focal text: ${terms.join(', ')}`);

    // Add REEGAIN: the form is prefilled; CORDIS has no keywords for it, so the row asks for them.
    const row = hits.filter({ has: page.locator('strong', { hasText: /^REEGAIN$/ }) });
    const form = row.locator('form');
    const suggested = await text(form.locator('span.help', { hasText: /^suggested:/ }));
    assert.match(suggested, /^suggested: [1-4] \((low|medium|high|very high)\)$/);
    assert.equal(await form.locator('[name="relevance_score"]').inputValue(), suggested.match(/[1-4]/)[0]);
    assert.notEqual(await form.locator('[name="industry_field"]').inputValue(), '', 'industry field prefilled from the matched terms');
    assert.match(await form.locator('[name="relevance_comment"]').inputValue(), /^Suggested by discovery: score [\d.]+, matched: /);
    const details = form.locator('details');
    const openDetails = async () => {
      if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    };
    await openDetails();
    const industry = await form.locator('[name="industry_field"]').inputValue();

    // Without the keywords CORDIS lacks, nothing is added and the row says why, keeping the input.
    await form.locator('[name="relevance_score"]').selectOption('3');
    await form.locator('[name="keywords"]').fill('');
    await form.evaluate((f) => { f.noValidate = true; });
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${WS}/discover/add`),
      form.getByRole('button', { name: 'Add to longlist' }).click(),
    ]);
    assert.equal(refused.status(), 400);
    await page.getByRole('alert').filter({ hasText: 'REEGAIN was not added' }).first().waitFor();
    const rowErrors = (await row.locator('.field-error').allTextContents()).map((e) => e.trim());
    assert.ok(rowErrors.some((e) => /Keywords is mandatory/.test(e)), `the row names the missing field: ${JSON.stringify(rowErrors)}`);
    assert.equal(await form.locator('[name="relevance_score"]').inputValue(), '3', 'the chosen relevance is kept');
    assert.equal(await form.locator('[name="industry_field"]').inputValue(), industry, 'the industry field is kept');
    assert.equal(await page.locator('table.registry').count(), 0);

    await openDetails();
    await form.locator('[name="keywords"]').fill('rare earth recovery; hydrometallurgy; magnet swarf');
    await Promise.all([page.waitForURL(/\/discover\?.*notice=/), form.getByRole('button', { name: 'Add to longlist' }).click()]);
    assert.equal(await flash(), 'REEGAIN added to the longlist with relevance 3 (high).');
    assert.equal(await page.locator('table.discover > tbody > tr', { has: page.locator('strong', { hasText: /^REEGAIN$/ }) }).count(), 0,
      'the added project leaves the hits');

    await page.goto(`${WS}/registry?stage=longlist&q=REEGAIN`);
    const listed = page.locator('table.registry tbody tr', { hasText: 'REEGAIN' });
    assert.equal(await listed.count(), 1, 'REEGAIN is on the longlist');
    assert.equal(await text(listed.locator('.badge[class*="stage-"]')), 'Longlist');
    await listed.getByRole('link', { name: 'REEGAIN' }).click();
    assert.equal(await text(fieldValue(page, 'Keywords')), 'rare earth recovery; hydrometallurgy; magnet swarf');
    assert.equal(await text(fieldValue(page, 'Coordinator name')), 'Hydrometallurgy Research Centre');
    assert.equal(await text(fieldValue(page, 'Relevance score')), '3 (high)');
    assert.match(await text(page.locator('.row .muted').filter({ hasText: 'version' })), /CORDIS grant 101092345/);
  });

  step('charts: Chart.js draws every chart and the tables hold the counts', async () => {
    const total = await registryTotal();
    await page.goto(`${WS}/registry`);
    page.consoleErrors.length = 0;
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Charts' }).click();
    await page.waitForURL(`**${WS}/charts`);
    await page.waitForFunction(() => typeof window.Chart === 'function');
    assert.match(await text(page.locator('main > p.muted').first()), new RegExp(`^${total} sister projects`));

    const canvases = page.locator('canvas[data-chart]');
    const n = await canvases.count();
    assert.ok(n >= 5, `a canvas per chart (${n})`);
    assert.equal(n, await page.locator('section.chart-box').count(), 'every chart has data, so every one has a canvas');
    // Chart.js attached a chart to each canvas and gave it a size.
    await page.waitForFunction(() => [...document.querySelectorAll('canvas[data-chart]')].every((c) => window.Chart.getChart(c)));
    const sizes = await canvases.evaluateAll((cs) => cs.map((c) => [c.width, c.height]));
    assert.ok(sizes.every(([w, h]) => w > 0 && h > 0), `canvases drawn: ${JSON.stringify(sizes)}`);

    const counts = async (key) => {
      const rows = page.locator(`#chart-${key} table.counts tbody tr`);
      const out = {};
      for (const r of await rows.all()) out[await text(r.locator('th'))] = Number(await text(r.locator('td').last()));
      return out;
    };
    const stages = await counts('stage');
    assert.equal(stages['Collaboration-ready'], 1, `MAGLOOP is the one collaboration-ready project: ${JSON.stringify(stages)}`);
    assert.equal(Object.values(stages).reduce((a, b) => a + b, 0), total, 'stage counts add up to the registry');
    const programmes = await counts('programme');
    assert.ok(programmes['Horizon Europe'] >= 2, JSON.stringify(programmes));
    assert.equal(Object.values(programmes).reduce((a, b) => a + b, 0), total, 'programme counts add up to the registry');
    const relevance = page.locator('#chart-relevance table.counts');
    assert.ok((await relevance.count()) === 1 && (await text(relevance)).length > 0, 'a relevance table');
    // The chart's data matches its table.
    const spec = JSON.parse(await page.locator('#chart-stage canvas').getAttribute('data-chart'));
    const fromSpec = Object.fromEntries(spec.labels.map((l, i) => [l, spec.datasets[0].data[i]]));
    assert.deepEqual(fromSpec, stages);
    assert.deepEqual(page.consoleErrors, [], 'no script error or CSP violation on the charts page');
  });

  step('new-record form with missing mandatory fields: errors name the fields, typed values kept', async () => {
    await page.goto(`${WS}/registry`);
    await page.getByRole('link', { name: 'New sister project' }).click();
    await page.getByRole('heading', { name: 'New sister project' }).waitFor();
    // Labels by their start: an input's accessible name also holds its help text and error.
    const typed = [
      [startsWith('Project name'), 'Magnet passport pilot'],
      [startsWith('Project acronym'), 'MAGPASS'],
      [startsWith('Keywords'), 'digital product passport; magnets'],
      [startsWith('Industry field'), 'traceability'],
      [startsWith('Start date'), '2025-03-01'],
      [startsWith('End date'), '2024-02-01'], // before the start: an error too
    ];
    for (const [label, v] of typed) await page.getByLabel(label).fill(v);
    const create = page.getByRole('button', { name: 'Create sister project' });

    // The browser's own check stops the submission first.
    await create.click();
    assert.match(page.url(), /\/registry\/new$/);
    assert.equal(await page.getByLabel(startsWith('Coordinator name')).evaluate((el) => el.validity.valueMissing), true);

    // Without it (an older browser, or a script), the server refuses and explains.
    await page.locator('form', { has: create }).evaluate((f) => { f.noValidate = true; });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${WS}/registry`),
      page.waitForURL((u) => u.pathname === `${WS}/registry`),
      create.click(),
    ]);
    assert.equal(response.status(), 400);
    const summary = page.locator('#errors');
    assert.match(await text(summary), /^Not saved: \d+ field\(s\) to correct\./);
    const messages = (await summary.locator('li').allTextContents()).map((s) => s.trim());
    for (const m of ['Coordinator name is mandatory', 'Coordinator country is mandatory', 'Programme is mandatory',
      'Short description is mandatory', 'Objective(s) is mandatory', 'Relevance score is mandatory',
      'Relevance comment is mandatory', 'Number of partners is mandatory', 'Number of NEO-CYCLE partners is mandatory',
      'End date is before the start date'])
      assert.ok(messages.includes(m), `"${m}" in the summary: ${JSON.stringify(messages)}`);
    assert.ok(!messages.some((m) => /\{focal\}/.test(m)), 'the focal acronym is filled in');
    for (const ok of ['Project name', 'Project acronym', 'Keywords', 'Industry field', 'Status'])
      assert.ok(!messages.some((m) => m.startsWith(ok)), `no error for the filled field ${ok}`);
    // Each message links to its field, which is marked invalid and explained beside it.
    const link = summary.getByRole('link', { name: 'Coordinator name is mandatory' });
    assert.equal(await link.getAttribute('href'), '#f-coordinator_name');
    const coord = page.getByLabel(startsWith('Coordinator name'));
    assert.equal(await coord.getAttribute('aria-invalid'), 'true');
    assert.match(await text(page.locator('label[for="f-coordinator_name"] .field-error')), /Coordinator name is mandatory/);
    assert.match(await text(page.locator('label[for="f-end_date"] .field-error')), /End date is before the start date/);
    // What was typed is still there.
    for (const [label, v] of typed) assert.equal(await page.getByLabel(label).inputValue(), v, `${label} kept`);
    assert.equal(await page.getByLabel(startsWith('Status')).inputValue(), 'Ongoing');

    await page.goto(`${WS}/registry?q=MAGPASS`);
    assert.match(await text(page.locator('table.registry tbody')), /No sister project matches these filters/);
  });

  step('the record history shows the shared-partner match of the add from CORDIS as text, not raw JSON', async () => {
    await page.goto(need('recordUrl'));
    const values = (await page.locator('#history td.val').allTextContents()).map((v) => v.trim()).filter(Boolean);
    const json = values.filter((v) => /^[[{]/.test(v) || /"\w+":/.test(v));
    assert.deepEqual(json, [], 'history values are for people to read');
    // The match itself is there, with the rule that found it.
    const matches = page.locator('#history tbody tr').filter({ has: page.locator('td', { hasText: /^Shared-partner matches$/ }) });
    assert.equal(await matches.count(), 1, 'one history row for the shared-partner matches');
    assert.equal(await text(matches.locator('td.val').last()),
      'Magnetic Materials Technology Centre (MAGTEC) = Centro Tecnologico de Materiales Magneticos (CETEMAG), matched by organisation ID');
  });

  step('the workspace history names the edited field by its label and shows no raw JSON', async () => {
    await page.goto(`${WS}/registry`);
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'History' }).click();
    await page.waitForURL(`**${WS}/history`);
    const rows = page.locator('table.history tbody tr');
    const edit = rows.filter({ has: page.locator('td.val', { hasText: /^rare-earth magnet recycling$/ }) });
    assert.equal(await edit.count(), 1, 'the edit of the industry field is listed');
    const cells = (await edit.locator('td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
    assert.equal(cells[1], 'Administrator');
    assert.deepEqual(cells.slice(-2), ['magnet recycling', 'rare-earth magnet recycling']);
    assert.equal(cells[4], 'Industry field', `the field as the record page names it, not its key: ${JSON.stringify(cells)}`);
    const values = (await page.locator('table.history td.val').allTextContents()).map((v) => v.trim()).filter(Boolean);
    const json = values.filter((v) => /^[[{]/.test(v) || /"\w+":/.test(v));
    assert.deepEqual(json, [], 'history values are for people to read');
  });

  step('pages show no empty error box and no false "user created" notice', async () => {
    const problems = [];
    const emptyAlerts = () => page.locator('[role="alert"]').evaluateAll((els) => els.filter((e) => !e.textContent.trim()).length);
    for (const url of [`${WS}/settings`, `${WS}/exchange`, '/admin/users']) {
      await page.goto(url);
      if (await emptyAlerts()) problems.push(`${url}: an empty error box (role=alert)`);
    }
    await page.goto('/admin/users');
    const created = page.locator('p.notice', { hasText: 'User created' });
    if (await created.count()) problems.push(`/admin/users: a notice although nobody was created: "${await text(created)}"`);
    // The import preview, after uploading a file.
    await page.goto(`${WS}/exchange`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    await page.getByLabel(startsWith('Spreadsheet')).setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: await readDownload(download) });
    await Promise.all([page.waitForURL(`**${WS}/import/preview`), page.getByRole('button', { name: 'Upload and preview' }).click()]);
    if (await emptyAlerts()) problems.push(`${WS}/import/preview: an empty error box (role=alert)`);
    assert.deepEqual(problems, []);
  });
});
