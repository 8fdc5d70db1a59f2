import { labCheck } from './lab-check';

labCheck('oldest');
