// The dashboard's four aggregates in DuckDB, the reference for bench/dashboard.sh: loads a
// survey's CSV export (nazar export --format csv) into an in-memory table, then times each
// query (SQL text in, rows out as JS objects) with a high-resolution clock, warm-up rounds
// first. Loading is timed on its own and not counted in the queries.
//
// Usage: node dashboard_duckdb.mjs CSV SURVEY FILTER REPS WARMUP TIME_ZONE  (FILTER like language=fa)
// Prints JSON: the DuckDB version, load time, raw milliseconds per query and each query's rows.
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, survey, filter, repsText, warmupText, timeZone] = process.argv.slice(2);
const reps = Number(repsText), warmup = Number(warmupText);
const [fkey, fvalue] = [filter.slice(0, filter.indexOf('=')), filter.slice(filter.indexOf('=') + 1)];
if (!['language', 'channel', 'touchpoint', 'agent'].includes(fkey)) {
  console.error(`dashboard_duckdb: the filter must be on language, channel, touchpoint or agent, not ${fkey}`);
  process.exit(2);
}
const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;
const surveyId = BigInt(survey);

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const scalar = async (sql) => Object.values((await conn.runAndReadAll(sql)).getRowObjectsJS()[0])[0];

// The export's columns as a dashboard needs them, typed (empty cells are NULL); the time of
// completion also as a plain UTC timestamp.
let t0 = process.hrtime.bigint();
await conn.run(`
  CREATE TABLE responses AS
  SELECT id::BIGINT AS id, survey_id::BIGINT AS survey_id, status, language, channel,
         touchpoint, agent, created_at::TIMESTAMPTZ AS created_at,
         completed_at::TIMESTAMPTZ AS completed_at,
         (completed_at::TIMESTAMPTZ AT TIME ZONE 'UTC') AS completed_utc, nps::INTEGER AS nps
  FROM read_csv(${literal(csv)}, header = true, all_varchar = true)`);
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const rows = Number(await scalar('SELECT count(*) FROM responses'));

// NPS = 100 (share 9-10 - share 0-6) over the answers on the 0..10 scale; empty dimension
// values read as "" (as in Nazar's view).
const score = `count(*) AS n,
  100.0 * count(*) FILTER (WHERE nps >= 9) / count(*) - 100.0 * count(*) FILTER (WHERE nps <= 6) / count(*) AS nps`;
const where = `WHERE survey_id = ${surveyId} AND status = 'complete' AND nps BETWEEN 0 AND 10
  AND ${fvalue === '' ? `${fkey} IS NULL` : `${fkey} = ${literal(fvalue)}`}`;
// Local time of completion. Iran has kept +03:30 all year since its last daylight saving
// time ended on 2022-09-21: when every response is later, the fixed offset (plain timestamp
// arithmetic, DuckDB's fastest path) equals the time-zone rules; otherwise ICU's rules.
const fixedOffset = timeZone === 'Asia/Tehran' &&
  await scalar("SELECT coalesce(min(completed_at) >= TIMESTAMPTZ '2022-09-22 00:00:00+00', true) FROM responses");
const localTime = fixedOffset
  ? '(completed_utc + INTERVAL 210 MINUTE)'
  : `(completed_at AT TIME ZONE ${literal(timeZone)})`;
const queries = {
  overall: `SELECT '' AS key, ${score} FROM responses ${where}`,
  trend_month: `SELECT strftime(month, '%Y-%m') AS key, n, nps FROM (
    SELECT date_trunc('month', ${localTime}) AS month, ${score} FROM responses ${where} GROUP BY month)
    ORDER BY month`,
  by_touchpoint: `SELECT coalesce(touchpoint, '') AS key, ${score} FROM responses ${where} GROUP BY key ORDER BY key`,
  by_agent: `SELECT coalesce(agent, '') AS key, ${score} FROM responses ${where} GROUP BY key ORDER BY key`,
};

const times = Object.fromEntries(Object.keys(queries).map((k) => [k, []]));
const results = {};
for (let i = 0; i < warmup + reps; ++i) {
  for (const [name, sql] of Object.entries(queries)) {
    t0 = process.hrtime.bigint();
    const out = (await conn.runAndReadAll(sql)).getRowObjectsJS();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= warmup) times[name].push(ms);
    results[name] = out.map((r) => ({ key: r.key, n: Number(r.n), nps: r.nps }));
  }
}

console.log(JSON.stringify({
  version: await scalar('SELECT version()'),
  threads: Number(await scalar("SELECT current_setting('threads')")),
  load_ms: loadMs,
  local_time: fixedOffset ? 'fixed +03:30 offset' : 'ICU time-zone rules (AT TIME ZONE)',
  rows,
  memory_bytes: Number(await scalar('SELECT sum(memory_usage_bytes) FROM duckdb_memory()')),
  sql: queries,
  times_ms: times,
  results,
}));
