// The simulator in a real browser against the real service (sandbox mode, the real conversation engine).
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

  it('when a persona says hi and taps Find work, then the welcome and the privacy question arrive with their buttons', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });

    await page.goto(`${service.address}/simulator`);
    // A UK number: the bot greets it in English (a Spanish one would get Spanish).
    await page.getByTestId('persona-number').fill('447700900123');
    await page.getByTestId('persona-name').fill('Maria Lopez');
    await page.getByTestId('persona-apply').click();

    await page.getByTestId('message-input').fill('hi');
    await page.getByTestId('send-button').click();
    await page.getByTestId('user-message').filter({ hasText: 'hi' }).waitFor({ timeout: WAIT_MS });

    const welcome = botMessageWithButton(page, 'Find work');
    await welcome.waitFor({ timeout: WAIT_MS });
    expect(await welcome.textContent()).toContain('Welcome to Partimer');
    expect(await buttonTitles(welcome)).toEqual(['Find work', "I'm hiring", 'Español']);

    await welcome.getByTestId('reply-button').getByText('Find work', { exact: true }).click();
    const consent = botMessageWithButton(page, 'I agree');
    await consent.waitFor({ timeout: WAIT_MS });
    expect(await consent.textContent()).toContain('Before we start');
    expect(await buttonTitles(consent)).toEqual(['I agree', 'No thanks']);
    await page.getByTestId('user-message').filter({ hasText: 'Find work' }).waitFor({ timeout: WAIT_MS });

    expect(errors).toEqual([]);
    await page.close();
  });
});
