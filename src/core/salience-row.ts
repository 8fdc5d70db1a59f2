/**
 * One row of the salience widget's "many rows" state, as the kernel sends it and the view's
 * rows panel reads it: where the row's scores sit in the concatenated `rowScores` (and, for
 * text, its tokens in `rowLabels`).
 */
export interface SalienceRow {
  id: string;
  predicted: string;
  /** The class (or 'score') explained. */
  explained: string;
  start: number;
  length: number;
  error: string | null;
  /**
   * Text rows whose tokens were placed in the text: the row's text; each token's (start, end,
   * word) is in `rowSpans` at 3 × its index in `rowScores` (see `core/token-layout`).
   */
  text?: string;
}
