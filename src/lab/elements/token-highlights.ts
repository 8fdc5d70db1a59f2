/**
 * Tokens highlighted by their salience: one span per token (or per word, its pieces grouped)
 * with a background colour from the signed diverging scale and the score in its tooltip.
 *
 * Notes: every token and every run of text is a text node (never HTML), so a token such as
 * `<script>` shows as the characters it is. With the tokens' character spans
 * (`core/token-layout`) the text is drawn as written, tokens coloured where they are and the
 * text between them plain; a token the text does not hold ([CLS]) is drawn as a marked chip.
 * Grouped into words, a word's score is the sum of its pieces' and its tooltip lists them.
 * Without spans, tokens are separated by spaces.
 */
import { cssColour, divergingColour, textColourOn } from '../../core/colour-scale';
import { layoutTokens, type TokenPlacement } from '../../core/token-layout';
import { formatScore } from './colour-legend';

export interface TokenHighlightInput {
  tokens: readonly string[];
  scores: ArrayLike<number>;
  /** max |score| the colours are scaled to. */
  domain: number;
  /** Tokens shown with a dotted underline (not in the model's vocabulary). */
  oov?: ReadonlySet<string>;
  /** The original text and where each token sits in it (see `readTokenSpans`). */
  text?: string;
  placements?: readonly TokenPlacement[];
  /** Draw the pieces of a word as one word scored by their sum. */
  groupWords?: boolean;
}

export function renderTokenHighlights(host: HTMLElement, input: TokenHighlightInput): void {
  const { tokens, scores, domain } = input;
  if (scores.length !== tokens.length) throw new Error(`salience has ${scores.length} scores for ${tokens.length} tokens`);
  const placements = input.text !== undefined ? input.placements : undefined;
  const pieces = layoutTokens(input.text ?? '', tokens, scores, placements, input.groupWords ?? false);
  const nodes: Node[] = pieces.map((piece) => {
    if (piece.kind === 'text') return document.createTextNode(piece.text);
    const span = document.createElement('span');
    span.className = 'tslit-token';
    const bg = divergingColour(piece.score, domain);
    span.style.backgroundColor = cssColour(bg);
    span.style.color = cssColour(textColourOn(bg));
    span.title = piece.parts.length === 1
      ? `${piece.parts[0].label}: ${formatScore(piece.score)}`
      : `${piece.text}: ${formatScore(piece.score)} (sum of ${piece.parts.map((p) => `${p.label} ${formatScore(p.score)}`).join(', ')})`;
    span.dataset.score = String(piece.score);
    if (piece.parts.length > 1) span.dataset.pieces = String(piece.parts.length);
    if (placements !== undefined && !piece.inText) span.classList.add('tslit-token-special');
    if (piece.parts.some((p) => input.oov?.has(p.label))) span.classList.add('tslit-token-oov');
    span.append(document.createTextNode(piece.text));
    return span;
  });
  host.replaceChildren(...nodes);
  // Tokens that touch (characters, pieces of a word) lose their padding, so the text reads as written.
  const inText = (i: number): boolean => { const p = pieces[i]; return p !== undefined && p.kind === 'token' && p.inText; };
  host.classList.toggle('tslit-tokens-dense', pieces.some((_, i) => i > 0 && inText(i) && inText(i - 1)));
}
