import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Govdesk } from '../../src/govdesk.js';
import { FAKE_TENANT_TOKEN } from '../../src/emulator/fake-open-api.js';
import { startEmulatorBot } from '../helpers/emulator-bot.js';
import { ALL_ELEMENTS_CARD } from './all-elements-card.js';

// Debian's chromium (installed by .ci/run), driven by playwright-core: no browser download.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`the emulator's browser tests need Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

let bot: Govdesk;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  bot = await startEmulatorBot('emulatorpage');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  // The office's zone: Lark appends the person's UTC offset to picked dates ("2026-12-21 +0800").
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  await page.goto(`${bot.url}/emulator`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.selectOption('#who', 'ou_demo_admin');
  await page.waitForSelector('#me:has-text("周管理")');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await bot?.stop();
});


describe('the emulator page', () => {
  it('a person asks for help and sees the help card', async () => {
    await page.fill('#text', '帮助');
    await page.press('#text', 'Enter');
    // The help card, whichever arrives last: opening the chat may bring the welcome card too.
    const help = page.locator('.msg.bot [data-card]', { has: page.locator('.card-header .title', { hasText: '政务助手 · 使用帮助' }) }).last();
    await help.waitFor();
    expect(await help.locator('.card-header').getAttribute('class')).toContain('tpl-blue');
    expect(await help.innerText()).toContain('我是谁');
    // The person's own message is shown on the right, as sent.
    expect(await page.locator('.msg.mine .bubble').last().innerText()).toBe('帮助');
  });

  it('a form is filled and submitted: the toast shows and the card updates in place', async () => {
    const formCard = {
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { tag: 'plain_text', content: '填写表单 A form' }, template: 'wathet' },
      body: {
        elements: [
          {
            tag: 'form',
            name: 'demo',
            elements: [
              { tag: 'input', name: 'note', label: { tag: 'plain_text', content: '备注 Note' } },
              { tag: 'select_static', name: 'level', options: [{ text: { tag: 'plain_text', content: '一般' }, value: 'normal' }, { text: { tag: 'plain_text', content: '紧急' }, value: 'urgent' }] },
              { tag: 'button', name: 'go', text: { tag: 'plain_text', content: '提交 Submit' }, type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: { a: 'help.show' } }] },
            ],
          },
        ],
      },
    };
    // The bot sends the card through the fake Open API, as it will for its own forms.
    const sent = await fetch(`${bot.url}/emulator/open-apis/im/v1/messages?receive_id_type=open_id`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FAKE_TENANT_TOKEN}` },
      body: JSON.stringify({ receive_id: 'ou_demo_admin', msg_type: 'interactive', content: JSON.stringify(formCard) }),
    });
    const messageId = ((await sent.json()) as { data: { message_id: string } }).data.message_id;
    const msg = page.locator(`[data-message-id="${messageId}"]`);
    await msg.locator('input[name="note"]').fill('来电人已补充材料');
    await msg.locator('select[name="level"]').selectOption('urgent');
    await msg.locator('button', { hasText: '提交 Submit' }).click();
    await page.locator('.toast', { hasText: '这是我能做的事' }).waitFor();
    await page.locator(`[data-message-id="${messageId}"][data-version="1"] .card-header .title`, { hasText: '使用帮助' }).waitFor();
    expect(await page.locator(`[data-message-id="${messageId}"]`).count()).toBe(1);
    const event = await bot.models.inboxEvents.findOne({ type: 'card.action.trigger', raw: /来电人已补充材料/ }).lean();
    expect(JSON.parse(event!.raw).event.action).toMatchObject({ tag: 'button', name: 'go', form_value: { note: '来电人已补充材料', level: 'urgent' }, value: { a: 'help.show' } });
  });

  it('renders every supported element, and a placeholder naming an unknown one', async () => {
    const tags = await page.evaluate((card) => {
      // Runs in the page (no DOM types in this Node project: the few calls used are typed here).
      interface El { id: string; append(e: El): void; querySelectorAll(s: string): ArrayLike<El>; getAttribute(n: string): string | null }
      const g = globalThis as unknown as { document: { createElement(t: string): El; body: El }; govdeskRenderCard(c: unknown, t: El): El };
      const box = g.document.createElement('div');
      box.id = 'gallery';
      g.document.body.append(box);
      g.govdeskRenderCard(card, box);
      return Array.from(box.querySelectorAll('[data-tag]')).map((e) => e.getAttribute('data-tag'));
    }, ALL_ELEMENTS_CARD);
    expect(tags).toEqual([
      'header', 'markdown', 'markdown', 'hr', 'div', 'note', 'column_set', 'column', 'markdown', 'column', 'markdown',
      'button', 'button', 'button', 'button', 'form', 'input', 'input', 'select_static', 'multi_select_static',
      'date_picker', 'picker_datetime', 'select_person', 'button', 'chart', 'table', 'img', 'collapsible_panel', 'markdown',
    ]);
    const gallery = page.locator('#gallery');
    const md = gallery.locator('.el-markdown').first();
    expect(await md.locator('strong').innerText()).toBe('粗体 bold');
    expect(await md.locator('a').getAttribute('href')).toBe('https://example.gov.cn');
    expect(await md.locator('li').count()).toBe(3);
    expect(await md.locator('.at').allInnerTexts()).toEqual(['@周管理', '@所有人']);
    expect(await md.locator('span[style*="color"]').first().innerText()).toBe('红色');
    // A colour spanning two lines colours both, and the tag itself never shows.
    const notation = gallery.locator('.el-markdown.notation');
    expect(await notation.locator('span[style*="color"]').allInnerTexts()).toEqual(['灰一', '灰二']);
    expect(await notation.innerText()).not.toContain('font');
    expect(await gallery.locator('button.btn.danger').innerText()).toBe('危险 danger');
    expect(await gallery.locator('button', { hasText: '不可用' }).isDisabled()).toBe(true);
    expect(await gallery.locator('textarea[name="body"]').count()).toBe(1);
    expect(await gallery.locator('input[name="due"]').inputValue()).toBe('2026-12-01');
    expect(await gallery.locator('input[name="at"]').inputValue()).toBe('2026-12-01T09:30');
    expect(await gallery.locator('select[name="units"] option:checked').allInnerTexts()).toEqual(['东镇']);
    expect(await gallery.locator('select[name="who"] option').count()).toBeGreaterThan(10);
    expect(await gallery.locator('table td').allInnerTexts()).toEqual(['东镇', '90%']);
    expect(await gallery.locator('.unsupported').innerText()).toBe('不支持的元素 Unsupported element: fancy_widget');
    await gallery.locator('[data-tag="chart"][data-rendered="true"] canvas').waitFor({ timeout: 20_000 });
    // A submit inside the form hands Lark's form_value to the callback.
    await gallery.locator('input[name="title"]').fill('测试');
    await gallery.locator('button', { hasText: '提交 Submit' }).click();
    const action = await page.evaluate(() => (globalThis as unknown as { lastCardAction: unknown }).lastCardAction);
    expect(action).toMatchObject({ tag: 'button', name: 'submit', value: { a: 'x.submit' }, formValue: { title: '测试', urgency: '', units: ['dz'], due: '2026-12-01 +0800', at: '2026-12-01 09:30 +0800' } });
  }, 60_000);

  it('a card Lark would refuse shows as refused in the chat, and the Developer panel names the rule and the path', async () => {
    await page.selectOption('#who', 'ou_demo_admin');
    const bad = { schema: '2.0', body: { elements: [{ tag: 'date_picker', name: 'due', label: { tag: 'plain_text', content: '期限' } }] } };
    const sent = await fetch(`${bot.url}/emulator/open-apis/im/v1/messages?receive_id_type=open_id`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FAKE_TENANT_TOKEN}` },
      body: JSON.stringify({ receive_id: 'ou_demo_admin', msg_type: 'interactive', content: JSON.stringify(bad) }),
    });
    expect(((await sent.json()) as { code: number }).code).toBe(230099);
    const refusal = page.locator('.refusal[data-code="230099"]').last();
    await refusal.waitFor();
    expect(await refusal.locator('.refusal-head').innerText()).toMatch(/^飞书拒绝了这张卡片 Lark refused this card — 230099: unsupported_property: property "label"/);
    expect(await refusal.locator('.refusal-info').innerText()).toContain('ErrPath: ROOT -> body -> elements -> [0] -> label');
    // Nothing of the card was drawn.
    expect(await page.locator('.msg.bot [data-card] [data-control="date_picker"]').count()).toBe(0);
    const call = page.locator('#calls .call.failed[data-code="230099"]').first();
    expect(await call.textContent()).toContain('POST /open-apis/im/v1/messages → 400 code 230099');
    expect(await call.textContent()).toContain('unsupported_property');
  });

  it('a deadline picked on 督办 新建 arrives as Lark sends it ("2026-12-21 +0800") and is kept as the end of that working day', async () => {
    await page.selectOption('#who', 'ou_demo_director');
    await page.waitForSelector('#me:has-text("王主任")');
    await page.fill('#text', '督办 新建');
    await page.press('#text', 'Enter');
    const form = page.locator('.msg.bot [data-card]', { hasText: '新建督办事项' }).last();
    await form.waitFor();
    await form.locator('textarea[name="content"]').fill('东镇幸福小区积水整治');
    await form.locator('select[name="unit"]').selectOption('dz');
    await form.locator('select[name="leader"]').selectOption('ou_demo_leader');
    await form.locator('input[name="deadline"]').fill('2026-12-21');
    await form.locator('button', { hasText: '创建 Create' }).click();
    await page.locator('.toast', { hasText: '已创建' }).waitFor();
    const event = await bot.models.inboxEvents.findOne({ type: 'card.action.trigger', raw: /东镇幸福小区积水整治/ }).lean();
    const action = (JSON.parse(event!.raw) as { event: { action: { form_value: Record<string, unknown>; timezone: string } } }).event.action;
    expect(action.form_value).toMatchObject({ deadline: '2026-12-21 +0800', unit: 'dz', leader: 'ou_demo_leader' });
    expect(action.timezone).toBe('Asia/Shanghai');
    const item = await bot.models.supervisionItems.findOne({ content: '东镇幸福小区积水整治' }).lean();
    expect(item).toMatchObject({ leadUnit: 'dz', leader: 'ou_demo_leader' });
    // The end of the working day of 21 December in Shanghai: 17:30 +08:00 (how every deadline is kept).
    expect(item!.deadline.toISOString()).toBe('2026-12-21T09:30:00.000Z');
  });

  it('shows the raw event and card JSON for developers', async () => {
    await page.click('.dev-tools > summary');
    await page.check('#show-raw');
    const raw = page.locator('.msg.mine .raw pre').last();
    expect(await raw.textContent()).toContain('"event_type": "im.message.receive_v1"');
    await page.uncheck('#show-raw');
  });

  it('had no console errors', () => {
    expect(problems).toEqual([]);
  });
});
