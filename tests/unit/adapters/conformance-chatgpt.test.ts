import { describeConformance } from './conformance';

describeConformance('chatgpt');
