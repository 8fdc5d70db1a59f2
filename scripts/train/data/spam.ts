/**
 * The SpamAssassin corpus as training rows: the same cleaning notebooks see, from
 * `src/examples/spam.ts` (one copy, so training and inference cannot drift apart).
 */
export { MAX_CHARS, messageText, spamRecords as loadSpam } from '../../../src/examples/spam';
