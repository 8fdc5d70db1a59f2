/** The counterfactuals widget and what it is made of (generators offered, the text diff, values as shown). */
export * from './counterfactuals-widget';
