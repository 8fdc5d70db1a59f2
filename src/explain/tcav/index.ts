/** TCAV: concept activation vectors, their scores per class and the significance test against random concepts. */
export { tcav, type TcavOptions, type TcavResult, type TcavConceptResult, type TcavClassResult } from './tcav';
export { layerActivations, activationGradients, layerNamed } from './layer-output';
export { fitLogistic, type LogisticFit, type LogisticOptions } from './logistic';
export { studentTTest, type TTestResult } from './t-test';
