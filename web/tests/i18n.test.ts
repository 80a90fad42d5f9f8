import { describe, expect, it } from 'vitest';
import { accountMessages } from '../src/features/accounts/messages';
import { alertMessages } from '../src/features/alerts/messages';
import { caseMessages } from '../src/features/cases/messages';
import { channelMessages } from '../src/features/channels/messages';
import { dashboardMessages } from '../src/features/dashboard/messages';
import { driverMessages } from '../src/features/drivers/messages';
import { impactMessages } from '../src/features/impact/messages';
import { importMessages } from '../src/features/imports/messages';
import { journeyMessages } from '../src/features/journeys/messages';
import { personaMessages } from '../src/features/personas/messages';
import { planMessages } from '../src/features/plans/messages';
import { programMessages } from '../src/features/program/messages';
import { responseMessages } from '../src/features/responses/messages';
import { surveyMessages } from '../src/features/surveys/messages';
import { textMessages } from '../src/features/text/messages';
import { triggerMessages } from '../src/features/triggers/messages';
import { valueMessages } from '../src/features/value/messages';
import { webhookMessages } from '../src/features/webhooks/messages';
import { messages } from '../src/lib/i18n';
import { dateMessages } from '../src/ui/date-field';

type Table = Record<'en' | 'fa', Record<string, string>>;

// Each feature's own strings (features/<area>/messages.ts), beside the shared ones.
const features: Record<string, Table> = {
  accounts: accountMessages, alerts: alertMessages, cases: caseMessages, channels: channelMessages, dashboard: dashboardMessages, drivers: driverMessages,
  impact: impactMessages, imports: importMessages, journeys: journeyMessages, personas: personaMessages, plans: planMessages, program: programMessages,
  responses: responseMessages, surveys: surveyMessages, text: textMessages, triggers: triggerMessages,
  value: valueMessages, webhooks: webhookMessages, date: dateMessages,
};

// Both languages have the same keys and the same {placeholders}, none empty.
function checkParity(table: Table) {
  const keys = Object.keys(table.en).sort();
  expect(Object.keys(table.fa).sort()).toEqual(keys);
  const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
  for (const k of keys) {
    expect(holes(table.fa[k]), k).toBe(holes(table.en[k]));
    expect(table.fa[k].trim(), k).not.toBe('');
  }
}

describe('messages', () => {
  it('has every shared key, with the same placeholders, in Persian and English', () => {
    checkParity(messages);
  });

  it.each(Object.entries(features))('has every key of the %s feature in both languages too', (_, table) => {
    checkParity(table);
  });

  it('has each key in one table only: no feature shadows the shared strings or another feature\'s', () => {
    const owner = new Map(Object.keys(messages.en).map((k) => [k, 'shared']));
    for (const [name, table] of Object.entries(features)) {
      for (const k of Object.keys(table.en)) {
        expect(owner.get(k), `${k} in ${name}`).toBeUndefined();
        owner.set(k, name);
      }
    }
  });
});
