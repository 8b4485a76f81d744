// The process entry point: `node dist/src/main.js [--role web|worker|all]`.
import { createProcessors } from './queue/processors.js';
import { run } from './run.js';

run(createProcessors).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
