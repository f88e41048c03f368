export * from './augurs';
export * from './forecast-series';
export * from './forecast-task';
export * from './metrics';
export * from './models';
export * from './vintages';
