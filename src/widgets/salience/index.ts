/** The salience widget and what it is made of (methods offered, parameters, compute step, many rows). */
export * from './salience-widget';
