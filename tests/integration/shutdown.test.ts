import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { queueBackends, testRedisUrl } from '../helpers/backends.js';

const child = fileURLToPath(new URL('../helpers/shutdown-child.ts', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/** Starts the service with a slow job, sends SIGTERM once the job has started, and waits for the exit. */
function runAndTerminate(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && stdout.includes('job started')) {
        signalled = true;
        proc.kill('SIGTERM');
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (!signalled) reject(new Error(`the service exited before its job started: ${stderr || stdout}`));
      else resolve({ code, signal, stdout });
    });
  });
}

describe.each(queueBackends)('shutdown with the %s queue', (backend) => {
  it('when SIGTERM arrives with a job in flight, then the job finishes and the process exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'partimer-shutdown-'));
    try {
      const env: Record<string, string> = {
        DATA_DIR: dataDir,
        SLOW_JOB_NAME: `test.slow-${randomBytes(4).toString('hex')}`,
        SLOW_JOB_MS: '1500',
        SHUTDOWN_TIMEOUT_MS: '10000',
      };
      if (backend === 'redis') env.REDIS_URL = testRedisUrl!;
      const exit = await runAndTerminate(env);
      expect(exit).toMatchObject({ code: 0, signal: null });
      const order = ['job started', '"signal":"SIGTERM"', 'job finished', 'partimer stopped'].map((marker) => exit.stdout.indexOf(marker));
      expect(order.every((index) => index >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
