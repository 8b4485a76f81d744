// Once per test run: removes the Redis keys the run's queues left (each test uses its own prefix or queue name).
import { Redis } from 'ioredis';

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export default function setup() {
  return async function teardown() {
    const url = process.env.TEST_REDIS_URL?.trim();
    if (!url) return;
    const redis = new Redis(url);
    try {
      await deleteKeys(redis, '{partimer-test-*');
      await deleteKeys(redis, '{partimer}:test.*');
    } finally {
      redis.disconnect();
    }
  };
}
