// End-to-end, business outcomes on the CX program page (issue 16): the demo's business KPI
// targets (CLV, churn, CAC, cost to serve) in the scorecard; a CLV target set with the form
// (a negative one refused beside its field), read back in the table, its actual equal to the
// mean CLV recomputed here from every score the outcomes API lists.
//
// Called by run.mjs with its signed-in English page; `apiCall(method, path, body)` fetches
// with the page's session.
import { join } from 'node:path';

export async function programKpiChecks({ page, base, check, apiCall, shots }) {
  await page.goto(`${base}/o/1/program`);
  await page.waitForSelector('[data-testid=kpi-row]');
  const demoMetrics = await page.locator('[data-testid=kpi-row] td[data-metric]').evaluateAll((tds) => tds.map((td) => td.dataset.metric));
  check(['clv', 'churn', 'cac', 'cost_to_serve'].every((m) => demoMetrics.includes(m)),
        `the demo's program has business KPI targets (${demoMetrics.join(', ')})`);

  // A negative CLV target: the server's error beside the target field.
  await page.selectOption('[data-testid=kpi-form] select[name=metric]', 'clv');
  await page.fill('[data-testid=kpi-form] input[name=target]', '-5');
  await page.click('[data-testid=add-kpi]');
  await page.waitForSelector('[data-testid=field-error-target]');
  check(/currency/.test(await page.textContent('[data-testid=field-error-target]')), 'a negative CLV target is refused beside its field');

  // A CLV target of 123,456,789 rials over 30 days.
  const rows = await page.locator('[data-testid=kpi-row]').count();
  await page.fill('[data-testid=kpi-form] input[name=target]', '123456789');
  await page.fill('[data-testid=kpi-form] input[name=window_days]', '30');
  await page.click('[data-testid=add-kpi]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=kpi-row]').length === n + 1, rows);
  const card = (await apiCall('GET', '/api/v1/orgs/1/program/scorecard')).body.items;
  const mine = card.filter((k) => k.metric === 'clv' && k.target === 123456789 && k.window_days === 30)[0];
  check(!!mine && mine.unit === 'money' && mine.direction === 'higher_is_better', `the CLV target is stored (${JSON.stringify(mine?.target)})`);
  const row = page.locator(`[data-testid=kpi-row][data-kpi="${mine?.id}"]`);
  check((await row.locator('[data-testid=kpi-target]').textContent()).replace(/,/g, '').includes('123456789'),
        'the scorecard shows the CLV target as entered');

  // The actual is the mean CLV of every scored customer (rials: no minor digits in the demo).
  const mean = await page.evaluate(async () => {
    let sum = 0, n = 0, cursor = '';
    for (;;) {
      const r = await (await fetch('/api/v1/orgs/1/outcomes/scores?limit=100' + (cursor ? '&cursor=' + cursor : ''))).json();
      for (const s of r.items) { sum += s.clv; n++; }
      if (!r.next_cursor) break;
      cursor = r.next_cursor;
    }
    return { mean: sum / n, n };
  });
  check(mine?.actual?.status === 'ok' && Math.abs(mine.actual.value - mean.mean) < 1e-6 * mean.mean && mine.actual.n === mean.n,
        `the CLV target's actual is the mean CLV of the ${mean.n} scored customers (${mine?.actual?.value} against ${mean.mean})`);
  const shown = Number((await row.locator('[data-testid=kpi-actual]').textContent()).split(' ')[0].replace(/,/g, ''));
  check(Math.abs(shown - mean.mean) <= 1, `the page shows that actual (${shown})`);
  check(/On track|At risk|Off track/.test(await row.locator('[data-testid=kpi-status]').textContent()), 'the CLV target has a status');
  await page.screenshot({ path: join(shots, 'program-business-en.png'), fullPage: true });
  await apiCall('DELETE', `/api/v1/orgs/1/program/kpis/${mine?.id}`);
}

// The customer value page's data in: transactions imported from a CSV (a dry run naming the bad
// lines, nothing written; then a clean file checked and imported, counted by the API), and
// costs edited on the Costs tab (a client-side and a server-side error beside their fields; a
// rate saved, listed and removed).
export async function valueEditChecks({ page, base, check, apiCall, shots }) {
  const count = async () => (await apiCall('GET', '/api/v1/orgs/1/outcomes/value')).body.transactions;
  const before = await count();
  const contact = (await apiCall('GET', '/api/v1/orgs/1/contacts?limit=1')).body.items[0].external_id;
  await page.goto(`${base}/o/1/value/import`);
  await page.waitForSelector('[data-testid=import-file]', { state: 'attached' });
  const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.setInputFiles('[data-testid=import-file]', file('bad.csv',
    `contact,occurred_at,amount,reference\n${contact},2026-01-05,1200000,e2e-1\n${contact},yesterday,5,e2e-2\nnobody-at-all,2026-01-06,-4,e2e-3\n`));
  await page.click('[data-testid=import-check]');
  await page.waitForSelector('[data-testid=import-bad]');
  const lines = await page.locator('[data-testid=problem-line]').allTextContents();
  check(lines.includes('3') && lines.includes('4') && await count() === before,
        `the transaction import's dry run names the bad lines (${lines.join(', ')}) and writes nothing`);
  await page.setInputFiles('[data-testid=import-file]', file('good.csv',
    `contact,occurred_at,amount,reference,channel\n${contact},2026-01-05,1200000,e2e-1,web\n${contact},2026-01-09,800000,e2e-2,web\n`));
  await page.click('[data-testid=import-check]');
  await page.waitForSelector('[data-testid=import-clean]');
  await page.click('[data-testid=import-run]');
  await page.waitForSelector('[data-testid=import-done]');
  check(await count() === before + 2, `the clean file imports its 2 transactions (${before} → ${await count()})`);
  await page.screenshot({ path: join(shots, 'value-import-en.png'), fullPage: true });

  await page.goto(`${base}/o/1/value/costs`);
  await page.waitForSelector('[data-testid=value-edit-serve]');
  const serve = page.locator('[data-testid=value-edit-serve]');
  await serve.locator('select[name=touchpoint]').selectOption('delivery');
  await serve.locator('input[name=amount]').fill('1.5');
  await serve.locator('[data-testid=value-add-serve]').click();
  check(await serve.locator('[data-testid=field-error-amount]').isVisible(), 'a rial amount with decimals is refused beside the amount');
  await serve.locator('input[name=amount]').fill('95000');
  await serve.locator('[data-testid=value-add-serve]').click();
  await page.waitForFunction(() => /95,000/.test(document.querySelector('[data-testid=value-serve-rate][data-touchpoint=delivery]')?.textContent ?? ''));
  const rates = (await apiCall('GET', '/api/v1/orgs/1/outcomes/serve-costs')).body.items;
  check(rates.find((r) => r.touchpoint === 'delivery')?.amount === 95000, 'the delivery rate is saved as 95,000 rials');
  const acq = page.locator('[data-testid=value-edit-acquisition]');
  await acq.locator('input[name=channel]').fill('billboards');
  await acq.locator('input[name=amount]').fill('50000000');
  await acq.locator('[data-testid=value-add-acquisition]').click();
  await acq.locator('[data-testid=field-error-month]').waitFor();
  check(true, 'acquisition spend without a month: the server\'s error beside the month');
  await acq.locator('input[name=month]').fill('2026-02');
  await acq.locator('[data-testid=value-add-acquisition]').click();
  await page.waitForSelector('[data-testid=value-acquisition-row][data-channel=billboards][data-month="2026-02"]');
  check(true, 'the billboards spend of February is listed');
  await page.screenshot({ path: join(shots, 'value-costs-edit-en.png'), fullPage: true });
  await page.locator('[data-testid=value-acquisition-row][data-channel=billboards] button').click();
  await page.waitForSelector('[data-testid=value-acquisition-row][data-channel=billboards]', { state: 'detached' });
  await serve.locator('input[name=amount]').fill('90000');
  await serve.locator('[data-testid=value-add-serve]').click();
}
