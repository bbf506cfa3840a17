import { describeConformance } from './conformance';

describeConformance('bing');
