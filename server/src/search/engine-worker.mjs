// Loads the TypeScript engine thread. A worker thread does not inherit loader hooks registered at
// run time (vitest), and the API and the bench run TypeScript through tsx: registering tsx here
// makes all three load the same file. tsx is installed in production too (see the Dockerfile).
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
