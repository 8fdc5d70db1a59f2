/**
 * Tokens highlighted by their salience: one span per token with a background colour from the
 * signed diverging scale and the score in its tooltip.
 *
 * Notes: every token is a text node (never HTML), so a token such as `<script>` shows as the
 * characters it is. Tokens are separated by spaces; the model's tokenizer decides what a
 * token is.
 */
import { cssColour, divergingColour, textColourOn } from '../../core/colour-scale';
import { formatScore } from './colour-legend';

export interface TokenHighlightInput {
  tokens: readonly string[];
  scores: ArrayLike<number>;
  /** max |score| the colours are scaled to. */
  domain: number;
  /** Tokens shown with a dotted underline (not in the model's vocabulary). */
  oov?: ReadonlySet<string>;
}

export function renderTokenHighlights(host: HTMLElement, input: TokenHighlightInput): void {
  const { tokens, scores, domain } = input;
  if (scores.length !== tokens.length) throw new Error(`salience has ${scores.length} scores for ${tokens.length} tokens`);
  const nodes: Node[] = [];
  tokens.forEach((token, i) => {
    if (i > 0) nodes.push(document.createTextNode(' '));
    const span = document.createElement('span');
    span.className = 'tslit-token';
    const bg = divergingColour(scores[i], domain);
    span.style.backgroundColor = cssColour(bg);
    span.style.color = cssColour(textColourOn(bg));
    span.title = `${token}: ${formatScore(scores[i])}`;
    span.dataset.score = String(scores[i]);
    if (input.oov?.has(token)) span.classList.add('tslit-token-oov');
    span.append(document.createTextNode(token));
    nodes.push(span);
  });
  host.replaceChildren(...nodes);
}
