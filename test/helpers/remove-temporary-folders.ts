import { afterAll } from 'vitest';
import { removeTemporaryFolders } from './paths.js';

// Runs in every test file (vitest setupFiles): the folders its suites made go when it ends.
afterAll(() => removeTemporaryFolders());
