import { describe, expect, it } from 'vitest';
import {
  barGeometry, barScale, byPriority, fixFirst, headline, labelOf, MAX_DRIVERS, nextToImprove, shorten, strengths, toggleDriver,
  type Driver,
} from '../src/features/drivers/model';
import { axisRange, escapeHtml } from '../src/lib/chart';
import { placedQuadrant } from '../src/ui/quadrant-matrix';

function driver(id: string, share: number, quadrant: Driver['quadrant'], ci: [number, number] | null = null): Driver {
  return {
    id, label: { en: id.toUpperCase() }, type: 'rating', scale: { min: 1, max: 5 }, rank: 1, lmg: share / 2, lmg_share: share,
    relative_weight: share / 2, relative_weight_pct: share * 100, ci_low: ci?.[0] ?? null, ci_high: ci?.[1] ?? null,
    mean: 3, performance: 50, quadrant,
  };
}

describe('drivers', () => {
  it('labels a question in the reader’s language, else another, else by id', () => {
    expect(labelOf({ id: 'q', label: { fa: 'قیمت', en: 'Price' }, type: 'rating', scale: { min: 1, max: 5 } }, 'fa')).toBe('قیمت');
    expect(labelOf({ id: 'q', label: { fa: 'قیمت' }, type: 'rating', scale: { min: 1, max: 5 } }, 'en')).toBe('قیمت');
    expect(labelOf({ id: 'grid.q', label: {}, type: 'matrix', scale: { min: 1, max: 5 } }, 'en')).toBe('grid.q');
  });
  it('shortens long labels by characters, not bytes', () => {
    expect(shorten('Delivery speed', 28)).toBe('Delivery speed');
    expect(shorten('How would you rate the delivery speed?', 12)).toBe('How would y…');
    expect(shorten('How would you rate', 11)).toBe('How would…');  // no space before the ellipsis
    expect([...shorten('به سرعت ارسال چه امتیازی می‌دهید؟', 10)].length).toBeLessThanOrEqual(10);
  });
  it('says what to fix first and what to keep, in rank order', () => {
    const ds = [driver('a', 0.5, 'keep'), driver('b', 0.3, 'fix_first'), driver('c', 0.15, 'fix_first'), driver('d', 0.05, 'monitor')];
    expect(fixFirst(ds).map((d) => d.id)).toEqual(['b', 'c']);
    expect(strengths(ds).map((d) => d.id)).toEqual(['a']);
  });
  it('points to the next thing to improve when nothing important lags', () => {
    const ds = [driver('a', 0.5, 'keep'), driver('b', 0.2, 'monitor'), driver('c', 0.15, 'low_priority'), driver('d', 0.1, 'low_priority')];
    expect(fixFirst(ds)).toEqual([]);
    expect(nextToImprove(ds)?.id).toBe('c');
    expect(nextToImprove([driver('a', 1, 'keep')])).toBeUndefined();
  });
  it('toggles a driver, keeping the survey order, at least one and at most the cap', () => {
    const order = ['a', 'b', 'c', 'd'];
    expect(toggleDriver(['a', 'c'], 'b', order)).toEqual(['a', 'b', 'c']);
    expect(toggleDriver(['a', 'c'], 'a', order)).toEqual(['c']);
    expect(toggleDriver(['c'], 'c', order)).toEqual(['c']);
    const many = Array.from({ length: MAX_DRIVERS + 1 }, (_, i) => 'q' + i);
    expect(toggleDriver(many.slice(0, MAX_DRIVERS), many[MAX_DRIVERS], many)).toHaveLength(MAX_DRIVERS);
  });
  it('fits an axis to the values with room, on whole steps, within bounds', () => {
    expect(axisRange([52, 61, 78], 10, 0, 100)).toEqual([40, 90]);
    expect(axisRange([3, 99], 10, 0, 100)).toEqual([0, 100]);
    expect(axisRange([], 10, 0, 100)).toEqual([0, 100]);
    expect(axisRange([50, 50], 5, 0, 100)).toEqual([45, 55]);
  });
  it('draws bars and intervals relative to the widest', () => {
    const ds = [driver('a', 0.6, 'keep', [0.5, 0.8]), driver('b', 0.4, 'fix_first', [0.2, 0.5])];
    const max = barScale(ds);
    expect(max).toBe(0.8);
    const a = barGeometry(ds[0], max);
    expect(a.bar).toBeCloseTo(75);
    expect(a.ci!.from).toBeCloseTo(62.5);
    expect(a.ci!.to).toBeCloseTo(100);
    expect(barGeometry(driver('c', 0.2, 'monitor'), max).bar).toBeCloseTo(25);
    expect(barGeometry(driver('c', 0.2, 'monitor'), max).ci).toBeNull();
  });
  it('escapes text for the chart’s HTML tooltips', () => {
    expect(escapeHtml('<img src=x onerror="a()">&\'')).toBe('&lt;img src=x onerror=&quot;a()&quot;&gt;&amp;&#39;');
  });
});

describe('drivers that agree with themselves', () => {
  // The demo's purchase survey as the API ranked it before outcome-like drivers were left out:
  // overall satisfaction took 42% and made the rest "monitor".
  const th = { importance: 0.2, performance: 73.6 };
  const ds = [
    { ...driver('overall', 0.418, 'keep'), performance: 74.1 },
    { ...driver('delivery', 0.168, 'monitor'), performance: 73.9 },
    { ...driver('quality', 0.159, 'monitor'), performance: 75.8 },
    { ...driver('packaging', 0.143, 'monitor'), performance: 81.2 },
    { ...driver('price', 0.112, 'low_priority'), performance: 62.3 },
  ];
  it('orders the list as the headline reads: fix first, keep, low priority, monitor', () => {
    expect(byPriority(ds).map((d) => d.id)).toEqual(['overall', 'price', 'delivery', 'quality', 'packaging']);
    const h = headline(ds);
    expect(h.kind).toBe('keep');
    expect(h.named[0].id).toBe(byPriority(ds)[0].id);
    expect(h.next?.id).toBe('price');
    const lagging = [driver('a', 0.4, 'keep'), driver('b', 0.35, 'fix_first'), driver('c', 0.25, 'low_priority')];
    expect(headline(lagging).kind).toBe('fix');
    expect(headline(lagging).named[0].id).toBe('b');
    expect(byPriority(lagging)[0].id).toBe('b');
  });
  it('draws every point in the quadrant its label claims', () => {
    for (const d of ds) expect(placedQuadrant(d.lmg_share, d.performance, th)).toBe(d.quadrant);  // as drawn
    expect(placedQuadrant(0.2, 73.6, th)).toBe('keep');  // on both lines: above, as the server counts
    expect(placedQuadrant(0.2 - 1e-12, 73.6, th)).toBe('keep');  // a rounding hair below still counts
    expect(placedQuadrant(0.19, 73.5, th)).toBe('low_priority');
  });
});
