import { describeConformance } from './conformance';

// The Google pages are the heaviest to parse (up to 3.4 MB); two files let Vitest run them in parallel.
describeConformance('google', [1, 2]);
