// Every background processor of the service; the worker role consumes exactly these queues.
import type { AnyProcessor } from './job.js';

export const processors: readonly AnyProcessor[] = [];
