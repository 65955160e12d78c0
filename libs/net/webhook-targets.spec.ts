import { WebhookTargets } from './webhook-targets';

describe('WebhookTargets.addressProblem', () => {
  it('answers a repeated check as the first time, and a changed setting anew', () => {
    const none = WebhookTargets.fromSetting('');
    const refused = none.addressProblem('127.0.0.1', '127.0.0.1');
    expect(refused).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(none.addressProblem('127.0.0.1', '127.0.0.1')).toBe(refused);
    expect(none.addressProblem('hooks.example', '127.0.0.1')).toMatch(/^hooks\.example \(127\.0\.0\.1\) is a loopback address/);
    expect(none.addressProblem('93.184.216.34', '93.184.216.34')).toBeNull();

    const loopback = WebhookTargets.fromSetting('127.0.0.0/8');
    expect(loopback).not.toBe(none);
    expect(loopback.addressProblem('127.0.0.1', '127.0.0.1')).toBeNull();
    expect(WebhookTargets.fromSetting('').addressProblem('127.0.0.1', '127.0.0.1')).toBe(refused);
  });

  it('keeps answering right past the number of checks it remembers', () => {
    const targets = new WebhookTargets();
    for (let i = 0; i < 10_050; i++) expect(targets.addressProblem(`10.0.${i >> 8 & 255}.${i & 255}`, `10.0.${i >> 8 & 255}.${i & 255}`)).not.toBeNull();
    expect(targets.addressProblem('8.8.8.8', '8.8.8.8')).toBeNull();
    expect(targets.addressProblem('10.0.0.1', '10.0.0.1')).toMatch(/is a private address/);
  });
});
