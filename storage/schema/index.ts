export * from './common';
export * from './feedback-event';
export * from './selectors';
export * from './trace';
