import { labCheck } from './lab-check';

labCheck('newest');
