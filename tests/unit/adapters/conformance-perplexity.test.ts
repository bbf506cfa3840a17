import { describeConformance } from './conformance';

describeConformance('perplexity');
