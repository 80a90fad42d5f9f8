import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf, type Org, type Role } from '../src/lib/session';

const org = (role: Org['role'], permissions?: string[]) => ({ role, permissions });

describe('permissions', () => {
  it('follows the list the server sends for the organisation, whatever the role', () => {
    // An analyst whose organisation's server grants less than the role used to: the list decides.
    const limited = org('analyst', ['read_organisation', 'read_results']);
    expect(can(limited, 'read_results')).toBe(true);
    expect(can(limited, 'manage_journeys')).toBe(false);
    expect(can(limited, 'manage_text')).toBe(false);
    // And more, when the server says so.
    expect(can(org('viewer', ['read_results', 'manage_journeys']), 'manage_journeys')).toBe(true);
    expect(can(org('owner', []), 'read_results')).toBe(false);
    expect(permissionsOf(limited)).toEqual(['read_organisation', 'read_results']);
  });

  it('falls back to the role only when the server lists no permissions', () => {
    expect(can(org('viewer'), 'read_results')).toBe(true);
    expect(can(org('viewer'), 'manage_journeys')).toBe(false);
    expect(can(org('agent'), 'read_contacts')).toBe(true);
    expect(can(org('agent'), 'erase_contacts')).toBe(false);
    expect(can(org('analyst'), 'manage_journeys')).toBe(true);
    expect(can(org('analyst'), 'manage_channels')).toBe(false);
    expect(can(org('admin'), 'erase_contacts')).toBe(true);
    expect(can(org('admin'), 'manage_owners')).toBe(false);
    expect(permissionsOf(org('owner'))).toEqual(PERMISSIONS);
  });

  it('shows individual responses only to those the server lets read them', () => {
    const viewer = org('viewer', ['read_organisation', 'read_results']);
    expect(can(viewer, 'read_results')).toBe(true);
    expect(can(viewer, 'read_responses')).toBe(false);
    expect(can(org('analyst', ['read_results', 'read_responses']), 'read_responses')).toBe(true);
  });

  it('allows nothing without an organisation or with a role it does not know', () => {
    expect(can(undefined, 'read_results')).toBe(false);
    expect(can(org('auditor' as Role), 'read_results')).toBe(false);
  });

  it('names the permissions as the server does', () => {
    expect(PERMISSIONS).toEqual(['read_organisation', 'manage_organisation', 'manage_members', 'manage_owners', 'manage_api_keys',
      'read_audit', 'read_results', 'read_responses', 'manage_surveys', 'export', 'submit_data', 'read_contacts', 'manage_journeys', 'erase_contacts',
      'manage_channels', 'manage_text', 'manage_alerts', 'read_cases', 'work_cases', 'manage_cases', 'manage_webhooks', 'manage_program',
      'read_value', 'manage_outcomes']);
  });

  it('shows the cases inbox to those who work cases and alert rules to those who manage them', () => {
    const agent = org('agent', ['read_organisation', 'read_results', 'work_cases']);
    expect(can(agent, 'work_cases')).toBe(true);
    expect(can(agent, 'read_cases')).toBe(false);
    expect(can(agent, 'manage_alerts')).toBe(false);
    expect(can(org('admin', ['work_cases', 'read_cases', 'manage_cases', 'manage_alerts']), 'manage_alerts')).toBe(true);
  });
});
