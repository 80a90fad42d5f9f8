import { describe, expect, it } from 'vitest';
import { journeyOrder, toSankey, type Dfg } from '../src/features/journeys/sankey';

const dfg: Dfg = {
  cases: 3, events: 8,
  arcs: [
    { from: 'web_order', to: 'delivery', count: 2 },
    { from: 'delivery', to: 'call', count: 2 },
    { from: 'call', to: 'call', count: 1 },
    { from: 'call', to: 'delivery', count: 1 },
    { from: 'shop', to: 'call', count: 1 },
  ],
  start: { web_order: 2, shop: 1 }, end: { call: 2, delivery: 1 },
};

describe('journey flows as a Sankey', () => {
  it('orders touchpoints by stage, then by where journeys start', () => {
    expect(journeyOrder(dfg, { web_order: 1, shop: 1, delivery: 2, call: 3 })).toEqual(['web_order', 'shop', 'delivery', 'call']);
  });
  it('draws forward flows and lists loops and backward flows', () => {
    const s = toSankey(dfg, { web_order: 1, shop: 1, delivery: 2, call: 3 });
    expect(s.links).toEqual([
      { source: 'web_order', target: 'delivery', value: 2 },
      { source: 'delivery', target: 'call', value: 2 },
      { source: 'shop', target: 'call', value: 1 },
    ]);
    expect(s.loops).toEqual([{ from: 'call', to: 'call', count: 1 }, { from: 'call', to: 'delivery', count: 1 }]);
    // the same counts in all: nothing is lost
    const drawn = s.links.reduce((n, l) => n + l.value, 0) + s.loops.reduce((n, l) => n + l.count, 0);
    expect(drawn).toBe(dfg.arcs.reduce((n, a) => n + a.count, 0));
  });
});
