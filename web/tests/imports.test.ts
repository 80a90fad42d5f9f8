import { describe, expect, it } from 'vitest';
import * as I from '../src/features/imports/model';
import { ApiError } from '../src/lib/api';

const bad = {
  error: { code: 'invalid_argument', message: '2 of 3 rows are bad; nothing was imported. email is not valid', field: 'line 3.email' },
  report: { rows: 3, created: 0, unchanged: 0, written: false, problem_count: 2,
            problems: [{ field: 'line 4.tier', message: 'tier must be one of gold, silver, bronze' }, { field: 'line 3.email', message: 'email is not valid' }] },
};

describe('imports', () => {
  it('reads every bad row of the report by its line', () => {
    const r = I.reportOfError(new ApiError(400, 'invalid_argument', bad.error.message, bad.error.field, bad))!;
    expect(r.problem_count).toBe(2);
    expect(I.problemsOf(r)).toEqual([
      { line: 3, column: 'email', message: 'email is not valid' },
      { line: 4, column: 'tier', message: 'tier must be one of gold, silver, bronze' },
    ]);
  });

  it('tells a report from other errors', () => {
    expect(I.reportOfError(new ApiError(400, 'invalid_argument', 'the header needs an external_id column', 'line 1', { error: {} }))).toBeNull();
    expect(I.reportOfError(new ApiError(413, 'too_large', 'too large', null, null))).toBeNull();
    expect(I.reportOf({ rows: 2, created: 1, unchanged: 1, written: true, problem_count: 0, problems: [] }))
      .toEqual({ rows: 2, created: 1, unchanged: 1, written: true, problem_count: 0, problems: [] });
  });

  it('parses where a problem is', () => {
    expect(I.parseProblem({ field: 'line 17.email', message: 'm' })).toEqual({ line: 17, column: 'email', message: 'm' });
    expect(I.parseProblem({ field: 'line 1', message: 'm' })).toEqual({ line: 1, column: '', message: 'm' });
    expect(I.parseProblem({ field: 'line 3.email', message: 'line 3.email is not a valid address' }).message).toBe('email is not a valid address');
    expect(I.parseProblem({ field: 'line 9.fact.wait_s', message: 'm' })).toEqual({ line: 9, column: 'fact.wait_s', message: 'm' });
    expect(I.parseProblem({ field: 'format', message: 'm' })).toEqual({ line: null, column: 'format', message: 'm' });
  });

  it('addresses each kind and format with its content type', () => {
    expect(I.importPath(1, 'contacts', 'csv', true)).toBe('/api/v1/orgs/1/contacts/import?dry_run=true');
    expect(I.importPath(1, 'contacts', 'csv', false, true)).toBe('/api/v1/orgs/1/contacts/import');
    expect(I.importPath(2, 'interactions', 'jsonl', false, true)).toBe('/api/v1/orgs/2/interactions/import?format=jsonl&create_touchpoints=true');
    expect(I.importPath(2, 'interactions', 'queue_log', true, true)).toBe('/api/v1/orgs/2/interactions/import?format=queue_log&dry_run=true');
    expect(I.importPath(3, 'transactions', 'csv', true)).toBe('/api/v1/orgs/3/outcomes/transactions/import?dry_run=true');
    expect(I.importPath(3, 'transactions', 'csv', false, true)).toBe('/api/v1/orgs/3/outcomes/transactions/import');
    expect(I.contentType('jsonl')).toBe('application/x-ndjson');
    expect(I.contentType('queue_log')).toBe('text/plain');
  });

  it('guesses the format from the file name and measures the upload', () => {
    expect(I.guessFormat('calls.NDJSON')).toBe('jsonl');
    expect(I.guessFormat('queue_log')).toBe('queue_log');
    expect(I.guessFormat('asterisk.log')).toBe('queue_log');
    expect(I.guessFormat('orders.csv')).toBe('csv');
    expect(I.uploaded(50, 200)).toBe(0.25);
    expect(I.uploaded(5, 0)).toBe(0);
    expect(I.uploaded(300, 200)).toBe(1);
  });
});
