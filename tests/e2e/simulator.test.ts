// The simulator in a real browser against the real service (sandbox mode, echo conversation).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createProcessors } from '../../src/queue/processors.js';
import { startService, type Service } from '../../src/service.js';
import { browserAvailable, CHROMIUM_PATH } from '../helpers/backends.js';

const WAIT_MS = 15_000;

// Declared where Chromium is (always in CI, where a missing one is an error): see tests/helpers/backends.ts.
describe.runIf(browserAvailable)('simulator in a browser', () => {
  let dataDir: string;
  let service: Service;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'partimer-simulator-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    service = await startService({ config, role: 'all', processors: createProcessors });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The bot bubble that carries a reply button with this title. */
  function botMessageWithButton(page: Page, title: string): Locator {
    return page.getByTestId('bot-message').filter({ has: page.getByTestId('reply-button').getByText(title, { exact: true }) });
  }

  async function buttonTitles(message: Locator): Promise<string[]> {
    return (await message.getByTestId('reply-button').allTextContents()).map((title) => title.trim());
  }

  it('when a persona says hi and taps Menu, then the echo and the menu arrive with their buttons', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });

    await page.goto(`${service.address}/simulator`);
    await page.getByTestId('persona-number').fill('34612345678');
    await page.getByTestId('persona-name').fill('Maria Lopez');
    await page.getByTestId('persona-apply').click();

    await page.getByTestId('message-input').fill('hi');
    await page.getByTestId('send-button').click();
    await page.getByTestId('user-message').filter({ hasText: 'hi' }).waitFor({ timeout: WAIT_MS });

    const echo = botMessageWithButton(page, 'Menu');
    await echo.waitFor({ timeout: WAIT_MS });
    expect(await echo.textContent()).toContain('You said: hi');
    expect(await buttonTitles(echo)).toEqual(['Menu']);

    await echo.getByTestId('reply-button').click();
    const menu = botMessageWithButton(page, 'Help');
    await menu.waitFor({ timeout: WAIT_MS });
    expect(await menu.textContent()).toContain('Menu');
    expect(await buttonTitles(menu)).toEqual(['Help', 'About']);
    await page.getByTestId('user-message').filter({ hasText: 'Menu' }).waitFor({ timeout: WAIT_MS });

    expect(errors).toEqual([]);
    await page.close();
  });
});
