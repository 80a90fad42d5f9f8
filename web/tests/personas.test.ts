import { describe, expect, it } from 'vitest';
import {
  addRow, attributeCatalogue, blankAttribute, blankBehaviour, blankGroup, blankPersonaForm, checkPersonaForm, compactForm, depthOf,
  firstProblem, formToPersona, formToRule, opsFor, personaTarget, personaToForm, removeRow, ruleTarget, ruleToForm, updateRow, walk,
  type AttributeRow, type BehaviourRow, type GroupRow,
} from '../src/features/personas/model';
import { personaLabel, personaValueLabel } from '../src/lib/persona-names';

const attrs = attributeCatalogue([
  { name: 'tier', type: 'choice', choices: ['gold', 'silver', 'bronze'] },
  { name: 'orders', type: 'number' },
  { name: 'signed_up', type: 'date' },
  { name: 'city', type: 'text' },
]);

// The demo's three personas and a rule with every kind of condition.
const demoRules = [
  { all: [{ attribute: 'tier', op: 'eq', value: 'gold' }] },
  { all: [{ interactions: { touchpoint: 'phone_support', within_days: 90 }, op: 'gte', value: 2 }] },
  { all: [{ interactions: { touchpoint: 'app' }, op: 'gte', value: 1 }] },
];
const everything = {
  all: [
    { attribute: 'tier', op: 'in', value: ['gold', 'silver'] },
    { attribute: 'orders', op: 'gte', value: 3 },
    { attribute: 'email', op: 'exists' },
    { interactions: { touchpoint: 'delivery', channel: 'courier', within_days: 30, fact: 'order_value' }, op: 'gt', value: 1500000 },
    { any: [
      { attribute: 'language', op: 'eq', value: 'fa' },
      { attribute: 'city', op: 'not_in', value: ['Tehran', 'Karaj'] },
      { all: [{ attribute: 'signed_up', op: 'lt', value: '2025-01-01' }, { attribute: 'phone', op: 'missing' }] },
    ] },
  ],
};

describe('the rule builder and the rule JSON', () => {
  it('reads every rule the builder can show and writes it back as it was', () => {
    for (const rule of [...demoRules, everything, { any: [] }, { all: [] }]) expect(formToRule(ruleToForm(rule), attrs)).toEqual(rule);
  });

  it('shows each condition as its kind of row, groups nested', () => {
    const root = ruleToForm(everything);
    expect(root.any).toBe(false);
    expect(root.items.map((r) => r.kind)).toEqual(['attribute', 'attribute', 'attribute', 'interactions', 'group']);
    expect(root.items[0]).toMatchObject({ attribute: 'tier', op: 'in', values: ['gold', 'silver'] });
    expect(root.items[3]).toMatchObject({ touchpoint: 'delivery', channel: 'courier', within_days: '30', fact: 'order_value', op: 'gt', value: '1500000' });
    const inner = root.items[4] as GroupRow;
    expect(inner.any).toBe(true);
    expect((inner.items[2] as GroupRow).items.map((r) => (r as AttributeRow).attribute)).toEqual(['signed_up', 'phone']);
  });

  it('wraps a lone condition in a group, and keeps what it cannot edit as it is', () => {
    const lone = ruleToForm({ attribute: 'tier', op: 'eq', value: 'gold' });
    expect(formToRule(lone, attrs)).toEqual({ all: [{ attribute: 'tier', op: 'eq', value: 'gold' }] });
    const odd = { all: [{ attribute: 'tier', op: 'eq', value: 'gold', note: 'x' }, { interactions: { stage: 'buy' }, op: 'gte', value: 1 }, 'nonsense'] };
    const form = ruleToForm(odd);
    expect(form.items.map((r) => r.kind)).toEqual(['raw', 'raw', 'raw']);
    expect(formToRule(form, attrs)).toEqual(odd);
  });

  it('types values by the attribute: numbers (Persian digits too), choices ticked, lists split on commas', () => {
    const root = blankGroup();
    const orders: AttributeRow = { ...blankAttribute('orders'), op: 'gte', value: '۱۲' };
    const tiers: AttributeRow = { ...blankAttribute('tier'), op: 'not_in', values: ['bronze'], value: 'ignored' };
    const cities: AttributeRow = { ...blankAttribute('city'), op: 'in', value: ' Tehran، Shiraz ,Tabriz, ' };
    const many: AttributeRow = { ...blankAttribute('orders'), op: 'in', value: '1, 2,۳' };
    const set: AttributeRow = { ...blankAttribute('phone'), op: 'exists', value: 'left over' };
    const calls: BehaviourRow = { ...blankBehaviour('phone_support'), within_days: '۹۰', value: '2', channel: ' phone ' };
    const sum: BehaviourRow = { ...blankBehaviour(), fact: 'order_value', op: 'gt', value: '1000.5' };
    root.items = [orders, tiers, cities, many, set, calls, sum];
    expect(formToRule(root, attrs)).toEqual({ all: [
      { attribute: 'orders', op: 'gte', value: 12 },
      { attribute: 'tier', op: 'not_in', value: ['bronze'] },
      { attribute: 'city', op: 'in', value: ['Tehran', 'Shiraz', 'Tabriz'] },
      { attribute: 'orders', op: 'in', value: [1, 2, 3] },
      { attribute: 'phone', op: 'exists' },
      { interactions: { touchpoint: 'phone_support', channel: 'phone', within_days: 90 }, op: 'gte', value: 2 },
      { interactions: { fact: 'order_value' }, op: 'gt', value: 1000.5 },
    ] });
  });

  it('keeps a stored number a number when the attribute is not in the catalogue', () => {
    const rule = { all: [{ attribute: 'visits', op: 'gt', value: 4 }, { attribute: 'segment', op: 'eq', value: '4' }] };
    expect(formToRule(ruleToForm(rule), attrs)).toEqual(rule);
  });

  it('offers ordering ops only where they mean something', () => {
    expect(opsFor('choice')).toEqual(['eq', 'neq', 'in', 'not_in', 'exists', 'missing']);
    expect(opsFor('number')).toContain('lte');
    expect(opsFor('date')).toContain('gt');
  });

  it('edits the tree by row: add, change, remove, and knows how deep a group is', () => {
    let root = ruleToForm(everything);
    const inner = root.items[4] as GroupRow;
    const innermost = inner.items[2] as GroupRow;
    expect(depthOf(root, root.key)).toBe(0);
    expect(depthOf(root, innermost.key)).toBe(2);
    const added = blankBehaviour('app');
    root = addRow(root, inner.key, added);
    expect((root.items[4] as GroupRow).items.at(-1)).toBe(added);
    const before = root;
    root = updateRow(root, added.key, (r) => ({ ...(r as BehaviourRow), value: '5' }));
    expect(((root.items[4] as GroupRow).items.at(-1) as BehaviourRow).value).toBe('5');
    expect(root.items[0]).toBe(before.items[0]);  // rows not on the way are kept as they were
    expect(root.items[4]).not.toBe(before.items[4]);
    root = removeRow(root, innermost.key);
    expect((root.items[4] as GroupRow).items).toHaveLength(3);
    const paths: string[] = [];
    walk(root, (_, p) => paths.push(p));
    expect(paths).toEqual(['rule', 'rule.all[0]', 'rule.all[1]', 'rule.all[2]', 'rule.all[3]', 'rule.all[4]',
      'rule.all[4].any[0]', 'rule.all[4].any[1]', 'rule.all[4].any[2]']);
  });
});

describe('the server\'s errors at their condition', () => {
  const root = ruleToForm(everything);
  const inner = root.items[4] as GroupRow;

  it('names the row and the input of a condition\'s field', () => {
    expect(ruleTarget('rule.all[3].interactions.within_days', root)).toEqual(
      { key: root.items[3].key, path: 'rule.all[3]', part: 'within_days', input: 'rule.all[3].interactions.within_days' });
    expect(ruleTarget('rule.all[1].op', root)).toEqual({ key: root.items[1].key, path: 'rule.all[1]', part: 'op', input: 'rule.all[1].op' });
    expect(ruleTarget('rule.all[4].any[1].value', root)).toEqual(
      { key: inner.items[1].key, path: 'rule.all[4].any[1]', part: 'value', input: 'rule.all[4].any[1].value' });
    expect(ruleTarget('rule.all[4].any[2].all[0].value', root)?.input).toBe('rule.all[4].any[2].all[0].value');
  });

  it('puts an error about a whole condition, an unknown field or a group at the row or group', () => {
    expect(ruleTarget('rule.all[0]', root)).toMatchObject({ key: root.items[0].key, part: 'row', input: 'rule.all[0].attribute' });
    expect(ruleTarget('rule.all[3].interactions.stage', root)).toMatchObject({ part: 'row', input: 'rule.all[3].interactions.touchpoint' });
    expect(ruleTarget('rule.all[0].note', root)).toMatchObject({ part: 'row', input: 'rule.all[0].attribute' });
    expect(ruleTarget('rule.all[4].any', root)).toMatchObject({ key: inner.key, part: 'group', input: 'rule.all[4].match' });
    expect(ruleTarget('rule', root)).toMatchObject({ key: root.key, part: 'group', input: 'rule.match' });
    // A position the form no longer has: the deepest group reached.
    expect(ruleTarget('rule.all[9].op', root)).toMatchObject({ key: root.key, part: 'group' });
  });

  it('leaves fields outside the rule to the profile, and the rest as a general error', () => {
    const form = { ...blankPersonaForm(), goals: ['a', 'b', 'c'], pains: [], rule: root };
    expect(ruleTarget('goals[2]', root)).toBeNull();
    expect(personaTarget('goals[2]', form)).toBe('goals[2]');
    expect(personaTarget('goals[7]', form)).toBe('goals');
    expect(personaTarget('pains[0]', form)).toBe('pains');
    expect(personaTarget('name', form)).toBe('name');
    expect(personaTarget('picture_url', form)).toBe('picture_url');
    expect(personaTarget('rule.all[3].interactions.within_days', form)).toBe('rule.all[3].interactions.within_days');
    expect(personaTarget('persona', form)).toBeNull();
    expect(personaTarget('rules', form)).toBeNull();
  });
});

describe('the persona form', () => {
  it('sends the profile trimmed, blank goals and pains left out, and the rule', () => {
    const form = { ...personaToForm({ name: ' Gold ', description: ' Buys most ', goals: ['fast delivery', ''], pains: [' waiting '], emoji: '💎 ',
      picture_url: '', rule: demoRules[0] }) };
    form.goals.push('  ');
    expect(compactForm(form).goals).toEqual(['fast delivery']);
    expect(formToPersona(form, attrs)).toEqual({ name: 'Gold', description: 'Buys most', goals: ['fast delivery'], pains: ['waiting'],
      emoji: '💎', picture_url: '', rule: demoRules[0] });
  });

  it('marks what it can tell before asking the server, by input name', () => {
    const form = blankPersonaForm();
    const noAttr = blankAttribute();
    const noValue = { ...blankAttribute('city') };
    const badNumber = { ...blankAttribute('orders'), op: 'gt' as const, value: 'many' };
    const unticked = { ...blankAttribute('tier'), op: 'in' as const };
    const fine = { ...blankAttribute('email'), op: 'missing' as const };
    const behaviour = { ...blankBehaviour('app'), value: '', within_days: 'a week' };
    const group = { ...blankGroup(true), items: [{ ...blankBehaviour(), value: 'x' }] };
    form.rule.items = [noAttr, noValue, badNumber, unticked, fine, behaviour, group, blankGroup(false)];
    const problems = checkPersonaForm(form, attrs);
    expect(problems).toEqual({
      name: 'required',
      'rule.all[0].attribute': 'required', 'rule.all[1].value': 'required', 'rule.all[2].value': 'number', 'rule.all[3].value': 'required',
      'rule.all[5].value': 'required', 'rule.all[5].interactions.within_days': 'number', 'rule.all[6].any[0].value': 'number',
      'rule.all[7].match': 'empty',
    });
    expect(firstProblem(form, problems)).toBe('name');
    const { name: _, ...ruleOnly } = problems;
    expect(firstProblem(form, ruleOnly)).toBe('rule.all[0].attribute');
    // The whole rule may be an empty "all" (everyone), not an empty "any" (no one).
    expect(checkPersonaForm({ ...blankPersonaForm(), name: 'Everyone' }, attrs)).toEqual({});
    expect(checkPersonaForm({ ...blankPersonaForm(), name: 'No one', rule: blankGroup(true) }, attrs)).toEqual({ 'rule.match': 'empty' });
  });

  it('names personas by emoji and name, several at once, and by id when unknown', () => {
    const list = [{ id: 1, name: 'مشتری طلایی', emoji: '💎' }, { id: 3, name: 'App shopper', emoji: '' }];
    expect(personaLabel(list[0])).toBe('💎 مشتری طلایی');
    expect(personaLabel(list[1])).toBe('App shopper');
    expect(personaValueLabel('1', list)).toBe('💎 مشتری طلایی');
    expect(personaValueLabel('1,3', list)).toBe('💎 مشتری طلایی, App shopper');
    expect(personaValueLabel('9', list)).toBe('#9');
  });
});
