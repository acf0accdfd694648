import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.tz).toBe('Asia/Shanghai');
    expect(c.lark.domain).toBe('https://open.feishu.cn');
    expect(c.lark.transport).toBe('webhook');
    expect(c.mongodbUri).toBeUndefined();
    expect(c.lark.hasCredentials).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('maps LARK_DOMAIN names and accepts a base URL', () => {
    expect(loadConfig({ LARK_DOMAIN: 'lark' }).lark.domain).toBe('https://open.larksuite.com');
    expect(loadConfig({ LARK_DOMAIN: 'http://127.0.0.1:4010/' }).lark.domain).toBe('http://127.0.0.1:4010');
  });

  it('treats empty values (copied from .env.example) as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }).port).toBe(3000);
  });

  it('reads PUBLIC_BASE_URL, and PUBLIC_URL as its alias (the documented name wins)', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://a.example.gov.cn/' }).publicUrl).toBe('https://a.example.gov.cn');
    expect(loadConfig({ PUBLIC_URL: 'https://b.example.gov.cn' }).publicUrl).toBe('https://b.example.gov.cn');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://a.example.gov.cn', PUBLIC_URL: 'https://b.example.gov.cn' }).publicUrl).toBe('https://a.example.gov.cn');
    expect(problems({ PUBLIC_BASE_URL: 'govdesk.example' }).join()).toContain('PUBLIC_BASE_URL');
  });

  it('names every invalid variable', () => {
    const p = problems({ PORT: 'eighty', LARK_DOMAIN: 'somewhere', LARK_TRANSPORT: 'pigeon', TZ: 'Mars/Base', MONGODB_URI: 'postgres://x' });
    const text = p.join('\n');
    for (const name of ['PORT', 'LARK_DOMAIN', 'LARK_TRANSPORT', 'TZ', 'MONGODB_URI']) expect(text).toContain(name);
  });

  it('requires both app id and secret, and both in production', () => {
    expect(problems({ LARK_APP_ID: 'cli_abc' }).join()).toContain('LARK_APP_ID and LARK_APP_SECRET');
    expect(problems({ NODE_ENV: 'production' }).join()).toContain('required when NODE_ENV=production');
    expect(
      problems({ NODE_ENV: 'production', LARK_APP_ID: 'cli_abc', LARK_APP_SECRET: 's' }).join(),
    ).toContain('LARK_ENCRYPT_KEY or LARK_VERIFICATION_TOKEN');
  });

  it('reads the duty shifts from DUTY_SHIFTS, naming a bad value', () => {
    expect(loadConfig({}).dutyShifts.map((p) => `${p.key} ${p.start}-${p.end}`)).toEqual(['day 08:30-17:30', 'night 17:30-08:30']);
    expect(loadConfig({ DUTY_SHIFTS: 'all=08:00-08:30' }).dutyShifts).toMatchObject([{ key: 'all', start: '08:00', end: '08:30' }]);
    expect(problems({ DUTY_SHIFTS: 'day=8-17' }).join()).toContain('DUTY_SHIFTS');
  });

  it('reads the duty reminder times from DUTY_REMINDERS', () => {
    expect(loadConfig({}).dutyReminders).toEqual({ eveningAt: '18:00', remindBeforeMinutes: 60, lateMinutes: 15, escalateMinutes: 30 });
    expect(loadConfig({ DUTY_REMINDERS: '19:30,30,10,20' }).dutyReminders).toEqual({ eveningAt: '19:30', remindBeforeMinutes: 30, lateMinutes: 10, escalateMinutes: 20 });
    expect(problems({ DUTY_REMINDERS: '6pm' }).join()).toContain('DUTY_REMINDERS');
  });

  it('reads the working day (deadlines end at GOVDESK_WORKDAY_END, default 17:30), naming a bad value', () => {
    expect(loadConfig({}).workday).toEqual({ start: '08:30', end: '17:30' });
    expect(loadConfig({ GOVDESK_WORKDAY_END: '18:00', GOVDESK_WORKDAY_START: '09:00' }).workday).toEqual({ start: '09:00', end: '18:00' });
    expect(problems({ GOVDESK_WORKDAY_END: '5:30pm' }).join()).toContain('GOVDESK_WORKDAY_END');
    expect(problems({ GOVDESK_WORKDAY_START: '18:00', GOVDESK_WORKDAY_END: '17:30' }).join()).toContain('GOVDESK_WORKDAY_START');
  });

  it('takes a ticket prefix of 1–6 capital letters (default ZX)', () => {
    expect(loadConfig({}).ticketPrefix).toBe('ZX');
    expect(loadConfig({ TICKET_PREFIX: 'RX' }).ticketPrefix).toBe('RX');
    expect(problems({ TICKET_PREFIX: 'zx-1' }).join()).toContain('TICKET_PREFIX');
  });

  it('reads the 签收 and 回访 time limits and the callback chat (defaults 1 and 2 working days, no chat), naming a bad value', () => {
    expect(loadConfig({})).toMatchObject({ acceptWithinDays: 1, callbackWithinDays: 2, callbackChatId: undefined });
    expect(loadConfig({ ACCEPT_WITHIN_DAYS: '2', CALLBACK_WITHIN_DAYS: '3', CALLBACK_CHAT_ID: 'oc_abc123' })).toMatchObject({ acceptWithinDays: 2, callbackWithinDays: 3, callbackChatId: 'oc_abc123' });
    const p = problems({ ACCEPT_WITHIN_DAYS: '0', CALLBACK_WITHIN_DAYS: '1.5', CALLBACK_CHAT_ID: '回访组' }).join('\n');
    expect(p).toContain('ACCEPT_WITHIN_DAYS: must be 1 to 30 working days');
    expect(p).toContain('CALLBACK_WITHIN_DAYS: must be a whole number of working days');
    expect(p).toContain('CALLBACK_CHAT_ID: must be a group chat id');
  });

  it('runs the emulator without credentials, with them only when EMULATOR=1, never in production', () => {
    const local = loadConfig({});
    expect(local.emulator).toBe(true);
    expect(local.lark.appId).toMatch(/^cli_[0-9a-f]{16}$/);
    expect(local.lark.encryptKey).toMatch(/^[0-9a-f]{32}$/);
    expect(local.lark.verificationToken).toMatch(/^[0-9a-f]{32}$/);
    expect(loadConfig({}).lark.appSecret).not.toBe(local.lark.appSecret);
    const real = { LARK_APP_ID: 'cli_abc', LARK_APP_SECRET: 's', LARK_ENCRYPT_KEY: 'k' };
    expect(loadConfig(real).emulator).toBe(false);
    expect(loadConfig(real).lark.verificationToken).toBeUndefined();
    expect(loadConfig({ ...real, EMULATOR: '1' })).toMatchObject({ emulator: true, lark: { appId: 'cli_abc', encryptKey: 'k' } });
    expect(problems({ ...real, NODE_ENV: 'production', EMULATOR: '1' }).join()).toContain('EMULATOR');
    expect(problems({ EMULATOR: 'yes' }).join()).toContain('EMULATOR');
  });
});
