// The webhooks page's model: the events an endpoint may subscribe to, the form of a new or
// changed endpoint and the body the API takes, and how a delivery attempt reads. Pure.
import type { Schemas } from '../../lib/api';

export type Endpoint = Schemas['WebhookEndpoint'];
export type EndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
export type Delivery = Schemas['WebhookDelivery'];
export type EventType = Schemas['WebhookEventType'];

// In the order the form lists them (the server's list, src/webhooks/events.h).
export const EVENT_TYPES: readonly EventType[] = [
  'response.completed', 'invitation.updated', 'alert.fired', 'case.opened', 'case.updated', 'case.closed',
];

export interface EndpointForm {
  url: string;
  description: string;
  events: EventType[];
}

export function emptyForm(): EndpointForm {
  return { url: '', description: '', events: ['response.completed'] };
}

export function formOf(e: Endpoint): EndpointForm {
  return { url: e.url, description: e.description, events: [...e.events] };
}

// The events ticked, in the list's order, `event` added or taken away.
export function toggleEvent(events: readonly EventType[], event: EventType): EventType[] {
  const on = events.includes(event);
  return EVENT_TYPES.filter((e) => (e === event ? !on : events.includes(e)));
}

// The API's body: text trimmed (the server trims too; an empty URL is its error to name).
export function bodyOf(form: EndpointForm): Schemas['WebhookEndpointInput'] {
  return { url: form.url.trim(), description: form.description.trim(), events: form.events };
}

// Only what changed, for PATCH; null when nothing did.
export function patchOf(before: Endpoint, form: EndpointForm): Schemas['WebhookEndpointPatch'] | null {
  const patch: Schemas['WebhookEndpointPatch'] = {};
  const body = bodyOf(form);
  if (body.url !== before.url) patch.url = body.url;
  if (body.description !== before.description) patch.description = body.description;
  if (body.events.join() !== before.events.join()) patch.events = body.events;
  return Object.keys(patch).length ? patch : null;
}

// A delivery's badge: sent (good), retrying (waiting), failed and dead (bad).
export function outcomeClass(outcome: Delivery['outcome']): string {
  return outcome === 'sent' ? 'published' : outcome === 'retrying' ? 'draft' : 'closed';
}

// Attempts that may be replayed: the last attempt of a message that failed or died.
export function replayable(deliveries: readonly Delivery[]): Set<number> {
  const latest = new Map<number, Delivery>();
  for (const d of deliveries) {
    const seen = latest.get(d.message_id);
    if (!seen || d.id > seen.id) latest.set(d.message_id, d);
  }
  return new Set([...latest.values()].filter((d) => d.outcome === 'failed' || d.outcome === 'dead').map((d) => d.id));
}
