export * from './labels';
export * from './mapping';
export * from './period-labels';
export * from './unpivot';
