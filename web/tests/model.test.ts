import { describe, expect, it } from 'vitest';
import * as M from '../src/features/surveys/model';
import { linkWithHidden } from '../src/features/surveys/share';
import { parseRoute } from '../src/lib/router';

function sample(): M.Definition {
  let d = M.blankDefinition(['fa', 'en'], 'Test');
  d = M.addQuestion(d, 'text');
  d = M.addQuestion(d, 'single_choice');
  d = M.updateQuestion(d, 1, { display_if: { all: [{ question: 'nps', op: 'lte', value: 6 }] } });
  return d;
}

describe('builder model', () => {
  it('gives new questions unique ids and the parts their type needs', () => {
    let d = M.addQuestion(sample(), 'nps');
    expect(d.questions.map((q) => q.id)).toEqual(['nps', 'text', 'choice', 'nps_2']);
    expect(d.questions[2].choices).toHaveLength(2);
    d = M.addQuestion(d, 'matrix');
    expect(d.questions[4]).toMatchObject({ type: 'matrix', min: 1, max: 5 });
  });
  it('refuses a move that would put a question before one its logic reads', () => {
    const d = sample();
    expect(M.moveQuestion(d, 1, -1)).toBe(d);  // text reads nps: cannot go first
    const moved = M.moveQuestion(d, 2, -1);
    expect(moved.questions.map((q) => q.id)).toEqual(['nps', 'choice', 'text']);
    expect(M.logicProblems(moved)).toEqual([]);
  });
  it('drops the conditions on a removed question', () => {
    const d = M.removeQuestion(sample(), 0);
    expect(d.questions.map((q) => q.id)).toEqual(['text', 'choice']);
    expect(d.questions[0].display_if).toBeUndefined();
  });
  it('parses condition values by operator and question type', () => {
    expect(M.conditionValue('lte', '6', 'nps')).toBe(6);
    expect(M.conditionValue('in', 'a, b', 'single_choice')).toEqual(['a', 'b']);
    expect(M.conditionValue('answered', 'x', 'text')).toBeUndefined();
    expect(M.conditionValue('contains', '12', 'text')).toBe('12');
  });
  it('lists what a language is missing', () => {
    const d = M.updateQuestion(sample(), 0, { text: { fa: 'چقدر…' } });
    expect(M.missingTranslations(d, 'fa')).toEqual(['questions[1].text', 'questions[2].text', 'questions[2].choices[0]', 'questions[2].choices[1]']);
    expect(M.missingTranslations(d, 'en')).toEqual(['questions[0].text', 'questions[1].text', 'questions[2].text', 'questions[2].choices[0]', 'questions[2].choices[1]']);
  });
  it('flags skip rules to missing end screens', () => {
    const d = M.updateQuestion(sample(), 0, { skip: [{ if: { all: [{ question: 'nps', op: 'lt', value: 3 }] }, to: 'sorry' }] });
    expect(M.logicProblems(d)).toEqual(['questions[0].skip[0].to: sorry']);
    expect(M.logicProblems({ ...d, end_screens: [{ id: 'sorry', text: {} }] })).toEqual([]);
  });
});

describe('addresses', () => {
  it('parses app paths and keeps filters in the query', () => {
    expect(parseRoute('/o/3/surveys/12/share', '?period=7d')).toMatchObject({ org: 3, page: 'surveys', id: '12', tab: 'share' });
    expect(parseRoute('/o/3/surveys/12/share', '?period=7d').params.get('period')).toBe('7d');
    expect(parseRoute('/login', '')).toMatchObject({ org: null, page: 'login' });
  });
  it('puts hidden fields into a survey link', () => {
    expect(linkWithHidden('http://x/s/t', { agent: 'علی', order: ' 42 ', empty: '' })).toBe('http://x/s/t?agent=%D8%B9%D9%84%DB%8C&order=42');
  });
});
