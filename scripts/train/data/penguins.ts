/** The Palmer penguins as training rows, from `src/examples/penguins.ts` (one copy). */
export { PENGUIN_NUMERIC, penguinRecords as loadPenguins } from '../../../src/examples/penguins';
