// End-to-end, as a CX manager meets the app (issue 14): the worst agent in one look (every
// agent named, sorted worst first, the outliers marked as the API's test says), a survey opened
// on the metrics it asks, tiles that say their scale, Jalali days isolated in the charts and
// Persian digits in the period fields; then every main page on a 390x844 phone in Persian and
// English: each section reachable from the menu, no page wider than the screen.
//
// Called by run.mjs with its signed-in Persian page on the dashboard.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// axe-core (a web devDependency) checks a page against WCAG 2 A and AA.
const AXE = readFileSync(createRequire(join(dirname(fileURLToPath(import.meta.url)), '../../web/package.json')).resolve('axe-core/axe.min.js'), 'utf8');
async function axeViolations(p) {
  // Evaluated through the DevTools protocol: the app's CSP allows no inline script.
  if (!(await p.evaluate(() => !!window.axe))) await p.evaluate(AXE + '\n;0');
  return p.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }))
    .violations.map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`));
}

const MAIN_PAGES = ['dashboard', 'surveys', 'responses', 'comments', 'journeys', 'triggers', 'cases', 'alerts', 'plans', 'program', 'webhooks', 'settings'];

const fromPersian = (text) => Number(text.replace(/[۰-۹]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'.indexOf(d)).replace('٫', '.')
  .replace(/[−–]/g, '-').replace(/[^0-9.+-]/g, ''));

// The demo survey that asks CSAT and no NPS (the support survey), by its published definition.
async function supportSurvey(page) {
  return page.evaluate(async () => {
    const list = await (await fetch('/api/v1/orgs/1/surveys?limit=200')).json();
    for (const s of list.items) {
      const d = await (await fetch(`/api/v1/orgs/1/surveys/${s.id}`)).json();
      const types = d.definition.questions.map((q) => q.type);
      if (types.includes('csat') && !types.includes('nps')) return { id: s.id };
    }
    return null;
  });
}

// Waits until the page has drawn: no spinner and every chart ready for 0.6 s on end (a page
// shows a spinner again while its data loads after its code).
async function settled(p) {
  await p.waitForFunction(() => {
    const busy = document.querySelector('.page .spinner, .page [role=progressbar]')
      || [...document.querySelectorAll('.chart')].some((c) => !c.dataset.ready);
    const now = performance.now();
    if (busy || window.__busySince === undefined) { window.__busySince = now; return false; }
    return now - window.__busySince > 600;
  }, null, { timeout: 30000, polling: 100 });
  await p.evaluate(() => { delete window.__busySince; });
}

export async function managerChecks({ browser, ctx, page, base, check, shots, outDir, metrics }) {
  const support = await supportSurvey(page);
  check(!!support, 'the demo has a survey asking CSAT and no NPS');

  // Cold: the time to a sorted agent table.
  const cold = await ctx.newPage();
  await cold.goto(`${base}/o/1/dashboard?survey=${support.id}`, { waitUntil: 'commit' });
  await cold.waitForSelector('[data-testid=tile-csat-value]', { timeout: 30000 });
  metrics.time_to_first_number_ms = Math.round(await cold.evaluate(() => performance.now()));
  await cold.waitForSelector('[data-testid=breakdown-table-agent] tbody tr', { timeout: 30000 });
  metrics.time_to_agent_table_ms = Math.round(await cold.evaluate(() => performance.now()));
  await cold.close();
  check(metrics.time_to_first_number_ms < 10000, `the first number (CSAT) after ${metrics.time_to_first_number_ms} ms (cold)`);
  check(metrics.time_to_agent_table_ms < 10000, `the sorted agent table after ${metrics.time_to_agent_table_ms} ms (cold)`);

  // --- Bytes on a mobile network: the respondent page and the API's document, as sent with
  // gzip accepted (the Content-Length of the compressed answer) and without.
  const token = await page.evaluate(async (id) => (await (await fetch(`/api/v1/orgs/1/surveys/${id}`)).json()).links[0].token, support.id);
  const bytes = async (path, gzip) => {
    const r = await fetch(base + path, { headers: gzip ? { 'Accept-Encoding': 'gzip' } : { 'Accept-Encoding': 'identity' } });
    await r.arrayBuffer();
    return { length: Number(r.headers.get('content-length')), encoding: r.headers.get('content-encoding') };
  };
  const [pageGz, pagePlain, docGz, docPlain] = await Promise.all([bytes('/s/' + token, true), bytes('/s/' + token, false),
    bytes('/api/v1/openapi.json', true), bytes('/api/v1/openapi.json', false)]);
  metrics.respondent_page_bytes = { gzip: pageGz.length, identity: pagePlain.length };
  metrics.openapi_bytes = { gzip: docGz.length, identity: docPlain.length };
  check(pageGz.encoding === 'gzip' && pageGz.length <= 30 * 1024 && pageGz.length < pagePlain.length / 2,
        `the respondent page is sent gzip-compressed: ${pageGz.length} of ${pagePlain.length} bytes`);
  check(docGz.encoding === 'gzip' && docGz.length < docPlain.length / 4, `the OpenAPI document: ${docGz.length} of ${docPlain.length} bytes`);

  // The respondent page against WCAG 2 A/AA too.
  const respondent = await ctx.newPage();
  await respondent.goto(`${base}/s/${token}`);
  const respondentAxe = await axeViolations(respondent);
  // A comment box says its limit before it is reached (from 80% of it), in Persian digits.
  const counter = await respondent.evaluate(() => {
    const box = document.querySelector('textarea[maxlength]');
    if (!box) return null;
    const max = Number(box.getAttribute('maxlength'));
    const note = () => box.parentNode.querySelector('.nz-count');
    box.value = 'خ'.repeat(Math.floor(max * 0.5));
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const before = note()?.hidden;
    box.value = 'خ'.repeat(max - 300);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    return { max, before, after: note()?.hidden, text: note()?.textContent };
  });
  check(counter && counter.before === true && counter.after === false && /300|۳۰۰/.test(counter.text),
        `the comment box counts down before its limit (${JSON.stringify(counter)})`);
  await respondent.close();
  check(respondentAxe.length === 0, `axe-core finds no WCAG 2 A/AA violation on the respondent page${respondentAxe.length ? ': ' + respondentAxe.join('; ') : ''}`);

  // --- No false "no answers yet": the support survey opens on CSAT and says NPS is not asked.
  // The page's own breakdown by agent (its period and filters), to compare the table with.
  const agentAnswer = page.waitForResponse((r) => /\/metrics\?.*group_by=agent/.test(r.url()) && /[?&]metric=csat(&|$)/.test(r.url()), { timeout: 30000 });
  await page.goto(`${base}/o/1/dashboard?survey=${support.id}`);
  const api = await (await agentAnswer).json();
  await page.waitForSelector('[data-testid=breakdown-table-agent] tbody tr', { timeout: 30000 });
  check(await page.getAttribute('[data-testid=metric-csat]', 'aria-selected') === 'true', 'a survey without NPS opens on CSAT');
  check(await page.locator('[data-testid=metric-nps]').count() === 0 && await page.locator('[data-testid=tile-nps-not-asked]').count() === 1,
        'NPS is said not to apply, not "no answers yet"');
  check(!(await page.textContent('.breakdowns')).includes('هنوز پاسخی'), 'no breakdown claims there are no answers');

  // --- The worst agent in one look.
  const keyed = api.groups.filter((g) => g.key);
  const rows = page.locator('[data-testid=breakdown-table-agent] tbody tr');
  check(await rows.count() === api.groups.length && keyed.length >= 30, `every agent is in the table (${await rows.count()} rows, ${keyed.length} agents), not the top 12`);
  const table = await page.textContent('[data-testid=breakdown-table-agent]');
  check(!/agent-\d/.test(table) && table.includes('حسین رحیمی'), 'agents are named from the call-centre directory, not by id');
  const touchpoints = await page.textContent('[data-testid=breakdown-table-touchpoint]');
  check(touchpoints.includes('پشتیبانی تلفنی') && !/phone_support|email_support/.test(touchpoints), 'touchpoints are named from the journey catalogue');
  const channels = await page.textContent('[data-testid=breakdown-table-channel]');
  check(/پیامک|ایمیل|تلفن گویا/.test(channels) && !/\b(sms|email|ivr)\b/.test(channels), 'channels are named in Persian');
  const scores = (await page.locator('[data-testid=breakdown-table-agent] tbody tr [data-testid=score]').allTextContents()).filter((s) => s !== '—').map(fromPersian);
  check(scores.every((s, i) => i === 0 || s >= scores[i - 1]), `worst first by default (${scores.slice(0, 3).join(', ')} …)`);
  const worstApi = keyed.filter((g) => g.status === 'ok').sort((a, b) => a.score.favourable - b.score.favourable)[0];
  const firstRow = rows.first();
  check(await firstRow.getAttribute('data-key') === worstApi.key && Math.abs(scores[0] - worstApi.score.favourable * 100) < 0.051,
        `the first row is the API's worst agent (${worstApi.key}, ${(worstApi.score.favourable * 100).toFixed(1)}%)`);
  const below = keyed.filter((g) => g.versus_rest?.outlier === 'below').map((g) => g.key).sort();
  const above = keyed.filter((g) => g.versus_rest?.outlier === 'above').map((g) => g.key).sort();
  const markedBelow = (await page.locator('[data-testid=breakdown-table-agent] tr[data-outlier=below]').evaluateAll((trs) => trs.map((r) => r.dataset.key))).sort();
  check(JSON.stringify(markedBelow) === JSON.stringify(below) && below.includes('agent-08'),
        `the agents below the rest beyond the margin are marked as the API's test says (${below.join(', ')}; above: ${above.join(', ')})`);
  metrics.agents_below_rest = below;
  metrics.agents_above_rest = above;
  await page.click('[data-testid=sort-agent-volume]');
  const ns = (await rows.evaluateAll((trs) => trs.map((r) => r.children[3].textContent))).map(fromPersian);
  check(ns.every((n, i) => i === 0 || n <= ns[i - 1]), 'sorted by answers on request');
  await page.click('[data-testid=sort-agent-worst]');
  await page.waitForSelector('[data-testid=breakdown-chart-agent][data-ready]');
  await page.locator('[data-testid=breakdown-agent]').screenshot({ path: join(shots, 'agents-fa.png') });

  // --- Numbers that explain themselves.
  check(/۴ و ۵/.test(await page.textContent('[data-testid=tile-csat-scale]')), 'the CSAT tile says what % satisfied means');
  const sentiment = await page.textContent('[data-testid=breakdown-table-sentiment]');
  check(!/^—$/m.test(sentiment) && sentiment.includes('بدون نظر'), 'the group without a comment says so');
  await page.goto(`${base}/o/1/dashboard`);
  await page.waitForSelector('[data-testid=nps-legend]', { timeout: 30000 });
  check((await page.textContent('[data-testid=nps-legend]')).includes('مروجان'), 'the NPS bar has a legend');
  const delta = await page.textContent('[data-testid=tile-nps-delta]');
  check(/امتیاز/.test(delta), `a change carries its unit (${delta.trim()})`);

  // --- Why did it move: one click from the change to its decomposition by segment; the parts
  // of each dimension add up to the move the tile shows, and the largest part is the API's.
  const whyAnswer = page.waitForResponse((r) => /\/metrics\/change\?/.test(r.url()), { timeout: 30000 });
  const clicked = Date.now();
  await page.click('[data-testid=tile-nps-why]');
  await page.waitForSelector('[data-testid=why-chart][data-ready]', { timeout: 30000 });
  metrics.time_to_why_ms = Date.now() - clicked;
  check(metrics.time_to_why_ms < 10000, `the decomposition ${metrics.time_to_why_ms} ms after the click`);
  const why = await (await whyAnswer).json();
  const sums = why.by.map((d) => d.segments.reduce((a, s) => a + s.contribution, 0));
  check(why.by.length === 5 && sums.every((x) => Math.abs(x - why.comparison.difference) < 1e-6),
        `the parts of each of ${why.by.length} dimensions add up to the move (${why.comparison.difference.toFixed(2)}: ${sums.map((x) => x.toFixed(2)).join(', ')})`);
  // The move is the headline's first left-to-right run (its margin follows).
  const said = fromPersian((await page.textContent('[data-testid=why-headline]')).match(/\u2066([^\u2069]*)\u2069/)?.[1] ?? '');
  check(Math.abs(said - why.comparison.difference) < 0.051, `the page says the API's move (${said})`);
  const firstPart = page.locator('[data-testid=why-parts] li').first();
  const beyond = why.by.flatMap((d) => d.segments.filter((s) => s.margin !== null && Math.abs(s.contribution) > s.margin).map((s) => ({ d: d.dimension, s })));
  const top = (beyond.length ? beyond : why.by.flatMap((d) => d.segments.map((s) => ({ d: d.dimension, s }))))
    .sort((a, b) => Math.abs(b.s.contribution) - Math.abs(a.s.contribution))[0];
  check(await firstPart.getAttribute('data-key') === top.s.key && await firstPart.getAttribute('data-dim') === top.d,
        `the largest part first: ${top.d} ${top.s.key} ${top.s.contribution.toFixed(2)} ± ${top.s.margin?.toFixed(2)}`);
  const whyText = await page.textContent('[data-testid=why-card]');
  check(!/agent-\d|phone_support|\b(sms|ivr)\b/.test(whyText) && /[آ-ی]/.test(whyText), 'the decomposition names segments in Persian, not by key');
  await page.locator('[data-testid=why-card]').screenshot({ path: join(shots, 'why-fa.png') });
  await page.click('[data-testid=why-close]');
  check(await page.locator('[data-testid=why-card]').count() === 0, 'and closes again');

  // --- Persian done right: Jalali days isolated on the chart's axis; Persian digits in the
  // custom period's fields.
  await page.waitForSelector('[data-testid=trend-chart][data-ready]');
  const axis = await page.locator('[data-testid=trend-chart] svg text').allTextContents();
  const days = axis.filter((s) => /[۰-۹].*[آ-ی]/.test(s));
  check(days.length > 0 && days.every((s) => s.startsWith('\u2067') && s.endsWith('\u2069')),
        `Jalali days on the trend's axis are isolated right to left (${days.length}, e.g. ${days[0]?.replace(/[\u2067\u2069]/g, '')})`);
  await page.selectOption('select[name=period]', 'custom');
  await page.waitForSelector('input[name=from]');
  const from = await page.inputValue('input[name=from]');
  check(/^[۰-۹]{4}-[۰-۹]{2}-[۰-۹]{2}$/.test(from), `the custom period's fields are in Persian digits (${from})`);
  await page.goto(`${base}/o/1/dashboard`);

  // --- What do they complain about: topics by negative comments, then one click to them.
  await page.goto(`${base}/o/1/comments`);
  await page.waitForSelector('[data-testid=topics-table] tbody tr');
  await page.click('[data-testid=topic-sort-negative]');
  const negatives = await page.locator('[data-testid=topics-table] td[data-label=negative] span').allTextContents();
  const counts = negatives.map((x) => fromPersian(x));
  check(counts.length > 1 && counts.every((n, i) => i === 0 || n <= counts[i - 1]), `topics ordered by negative comments (${counts.slice(0, 3).join(', ')} …)`);
  const worstTopic = await page.getAttribute('[data-testid=topic-row] >> nth=0', 'data-topic');
  await page.click(`[data-testid=topic-comments-${worstTopic}]`);
  await page.waitForFunction((topic) => location.pathname.endsWith('/comments/list') && new URLSearchParams(location.search).get('topic') === topic, worstTopic);
  await page.waitForSelector('[data-testid=comment-item]', { timeout: 30000 });
  check(await page.locator('[data-testid=comment-item]').count() > 0, `from the most-complained-about topic (${worstTopic}) to its comments in one click`);
  const firstItem = await page.locator('[data-testid=comment-item]').first().textContent();
  check(await page.locator('[data-testid=comment-item] [data-testid=comment-score]').count() > 0 && !/phone_support|email_support/.test(firstItem),
        'each comment carries the customer\'s score, its touchpoint named');

  // --- Any screen: every main page on a phone, in Persian then English.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await ctx.storageState() });
  const pp = await phone.newPage();
  const overflowing = [];
  const violations = {};
  let axeChecked = 0;
  for (const language of ['fa', 'en']) {
    await pp.goto(`${base}/o/1/dashboard`);
    await pp.waitForSelector('[data-testid=menu-toggle]');
    if (await pp.evaluate(() => document.documentElement.lang) !== language) {
      await pp.click('[data-testid=lang-switch]');
      await pp.waitForFunction((l) => document.documentElement.lang === l, language);
    }
    check(await pp.locator('[data-testid=nav-cases]').isHidden(), `${language}: on a phone the sections wait behind the menu`);
    for (const name of MAIN_PAGES) {
      await pp.click('[data-testid=menu-toggle]');
      await pp.click(`[data-testid=nav-${name}]`);
      await pp.waitForFunction((n) => location.pathname.endsWith('/' + n), name);
      await settled(pp);
      const found = await axeViolations(pp);
      if (found.length) violations[`${name}-${language}`] = found;
      axeChecked += 1;
      const wide = await pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 1) overflowing.push(`${name}-${language} (+${wide}px)`);
      await pp.screenshot({ path: join(outDir, `phone-${name}-${language}.png`) });
    }
    check(await pp.locator('[data-testid=nav-cases]').isHidden(), `${language}: choosing a section closes the menu`);
  }
  metrics.axe_pages_checked = axeChecked;
  metrics.axe_violations = violations;
  check(Object.keys(violations).length === 0, `axe-core finds no WCAG 2 A/AA violation on ${axeChecked} pages (every main page, both languages)${Object.keys(violations).length ? ': ' + JSON.stringify(violations) : ''}`);
  check(overflowing.length === 0, `every main page fits a 390 px phone in both languages, reached from the menu${overflowing.length ? ': wider: ' + overflowing.join(', ') : ''}`);
  await pp.goto(`${base}/o/1/dashboard`);
  await settled(pp);
  await pp.screenshot({ path: join(shots, 'dashboard-en-phone.png') });
  // Back to Persian, as the rest of the run expects.
  await pp.click('[data-testid=lang-switch]');
  await pp.waitForFunction(() => document.documentElement.lang === 'fa');
  await phone.close();
  await page.reload();
}
