// A pino destination that keeps every line, for asserting on what the service logs.
import { Writable } from 'node:stream';

export interface LogCapture {
  stream: Writable;
  lines(): string[];
  records(): Record<string, unknown>[];
}

export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = () => chunks.join('').split('\n').filter((line) => line.length > 0);
  return { stream, lines, records: () => lines().map((line) => JSON.parse(line) as Record<string, unknown>) };
}
