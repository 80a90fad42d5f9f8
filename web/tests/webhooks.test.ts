import { describe, expect, it } from 'vitest';
import { bodyOf, emptyForm, outcomeClass, patchOf, replayable, toggleEvent, type Delivery, type Endpoint } from '../src/features/webhooks/model';

const endpoint: Endpoint = {
  id: 3, url: 'https://crm.example/in', description: 'CRM', events: ['response.completed', 'case.opened'], enabled: true,
  disabled_reason: '', rotating_until: null, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
};

function attempt(id: number, message: number, outcome: Delivery['outcome']): Delivery {
  return { id, message_id: message, webhook_id: 'msg_' + message, event: 'case.opened', attempt: 1, status_code: 500, latency_ms: 3, outcome, error: '', at: '2026-01-01T00:00:00.000Z' };
}

describe('webhooks model', () => {
  it('keeps the ticked events in the list order', () => {
    expect(toggleEvent(['case.opened'], 'response.completed')).toEqual(['response.completed', 'case.opened']);
    expect(toggleEvent(['response.completed', 'case.opened'], 'response.completed')).toEqual(['case.opened']);
    expect(emptyForm().events).toEqual(['response.completed']);
  });

  it('sends trimmed text, and only what changed', () => {
    expect(bodyOf({ url: ' https://a.example/ ', description: ' x ', events: ['case.closed'] }))
      .toEqual({ url: 'https://a.example/', description: 'x', events: ['case.closed'] });
    expect(patchOf(endpoint, { url: endpoint.url, description: 'CRM', events: ['response.completed', 'case.opened'] })).toBeNull();
    expect(patchOf(endpoint, { url: endpoint.url, description: 'CRM', events: ['case.opened'] })).toEqual({ events: ['case.opened'] });
    expect(patchOf(endpoint, { url: 'https://b.example/', description: '', events: endpoint.events })).toEqual({ url: 'https://b.example/', description: '' });
  });

  it('offers a replay on the last attempt of a failed or dead message only', () => {
    const rows = [attempt(5, 2, 'failed'), attempt(4, 1, 'sent'), attempt(3, 1, 'retrying'), attempt(2, 3, 'dead'), attempt(1, 2, 'retrying')];
    expect([...replayable(rows)].sort()).toEqual([2, 5]);
    expect(outcomeClass('sent')).toBe('published');
    expect(outcomeClass('dead')).toBe('closed');
  });
});
