export * from './labels';
export * from './mapping';
export * from './messages';
export * from './period-labels';
export * from './unpivot';
