import { describe, expect, it } from 'vitest';
import * as C from '../src/features/channels/model';

describe('channel settings forms', () => {
  it('never fills the SMTP password and sends it only when typed or removed', () => {
    const f = C.smtpToForm({ host: 'smtp.example.com', port: 465, tls: 'tls', user: 'u', password_set: true, from_address: 'cx@example.com', from_name: 'نظر' });
    expect(f.password).toBe('');
    expect(f.password_set).toBe(true);
    expect(C.smtpFromForm(f)).toEqual({ host: 'smtp.example.com', port: 465, tls: 'tls', user: 'u', from_address: 'cx@example.com', from_name: 'نظر' });
    expect(C.smtpFromForm({ ...f, password: 's3cret' }).password).toBe('s3cret');
    expect(C.smtpFromForm({ ...f, clearPassword: true }).password).toBe('');
  });

  it('starts an empty SMTP form with the usual port and STARTTLS', () => {
    expect(C.smtpToForm(null)).toMatchObject({ host: '', port: '587', tls: 'starttls', password_set: false });
  });

  it('turns a gateway template into rows and back', () => {
    const g: C.GatewayTemplate = { method: 'POST', url: 'https://sms.example/send', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': '{{token}}' },
                                   secret_headers: [], body: '{"to": "{{phone}}"}', success_codes: [200, 202] };
    const { secret_headers: _, ...sent } = g;  // no secrets: none are sent
    const f = C.gatewayToForm(g);
    expect(f.headers).toEqual([{ name: 'Content-Type', value: 'application/json' }, { name: 'Idempotency-Key', value: '{{token}}' }]);
    expect(f.success_codes).toBe('200, 202');
    expect(C.gatewayFromForm(f)).toEqual(sent);
    const edited = { ...f, headers: [...f.headers, { name: ' ', value: 'dropped' }], success_codes: '' };
    expect(C.gatewayFromForm(edited).headers).toEqual(sent.headers);
    expect(C.gatewayFromForm(edited).success_codes).toEqual(C.DEFAULT_SUCCESS_CODES);
  });

  it('never shows a secret header and sends it only when typed or removed', () => {
    const g: C.GatewayTemplate = { method: 'POST', url: 'https://sms.example/send', headers: { 'Content-Type': 'application/json' },
                                   secret_headers: ['Authorization'], body: '', success_codes: [200] };
    const f = C.gatewayToForm(g);
    expect(f.headers).toEqual([{ name: 'Content-Type', value: 'application/json' },
                               { name: 'Authorization', value: '', secret: true, stored: true }]);
    // Left alone: not sent, so the server keeps it.
    expect(C.gatewayFromForm(f)).toEqual({ method: 'POST', url: 'https://sms.example/send', headers: { 'Content-Type': 'application/json' },
                                          body: '', success_codes: [200] });
    // Typed: sent as a secret. Removed: null.
    const typed = { ...f, headers: [f.headers[0], { ...f.headers[1], value: 'Bearer new' }] };
    expect(C.gatewayFromForm(typed).secret_headers).toEqual({ Authorization: 'Bearer new' });
    const removed = { ...f, headers: [f.headers[0], { ...f.headers[1], remove: true }] };
    expect(C.gatewayFromForm(removed).secret_headers).toEqual({ Authorization: null });
    // A new row marked secret, and an Authorization typed as a plain row, both go as secrets.
    const added = { ...f, headers: [...f.headers, { name: 'X-Api-Key', value: 'k1', secret: true }, { name: 'proxy-authorization', value: 'p' }] };
    expect(C.gatewayFromForm(added).secret_headers).toEqual({ 'X-Api-Key': 'k1', 'proxy-authorization': 'p' });
    expect(C.gatewayFromForm(added).headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('leaves a success code that is not a number for the server to name', () => {
    expect(C.parseCodes('200, 201 ،204')).toEqual([200, 201, 204]);
    expect(C.parseCodes('200, ok')[1]).toBeNaN();
  });
});
