import { describe, expect, it } from 'vitest';
import { mirror } from '../src/lib/chart';
import { lang, named } from '../src/lib/i18n';
import { valueLabel } from '../src/ui/filters';

describe('what comments say, in the interface', () => {
  it('names sentiment labels and topics in the reader\'s language, unknown ones as they are', () => {
    expect(lang()).toBe('fa');
    expect(valueLabel('sentiment', 'negative')).toBe('منفی');
    expect(valueLabel('topic', 'delivery')).toBe('ارسال و تحویل');
    expect(valueLabel('topic', 'loyalty_points')).toBe('loyalty_points');  // an organisation's own
    expect(valueLabel('touchpoint', 'delivery')).toBe('delivery');
    expect(named('emotion.', 'anger')).toBe('خشم');
  });

  it('mirrors a horizontal bar chart for Persian: values right to left, labels and their room on the right', () => {
    const m = mirror({ grid: { left: 160, right: 40 }, xAxis: { type: 'value' }, yAxis: { type: 'category' }, legend: { top: 0 } });
    expect(m.grid).toMatchObject({ left: 40, right: 160 });
    expect(m.xAxis).toMatchObject([{ inverse: true }]);
    expect(m.yAxis).toMatchObject([{ position: 'right' }]);
    expect(m.legend).toMatchObject({ right: 0, left: 'auto' });
  });
});
