// Generates what type checking needs without a full build: Paraglide's messages and runtime, and
// gql.tada's introspection types from ../schema/schema.graphql. `vite build` regenerates both.
import { compile } from '@inlang/paraglide-js';
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paraglideOptions } from '../paraglide.options.js';

process.chdir(dirname(dirname(fileURLToPath(import.meta.url))));
await compile(paraglideOptions);
execFileSync('npx', ['gql.tada', 'generate-output', '--tsconfig', './tsconfig.json'], { stdio: 'inherit' });
