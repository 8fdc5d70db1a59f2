/**
 * TF Serving's REST predict format (https://www.tensorflow.org/tfx/serving/api_rest, "Request
 * format" and "Response format", row format): requests and answers as that page shows them.
 * Not run against a real TF Serving: it is not installable here (no PyPI or Debian package;
 * Google ships it as a Docker image or its own apt repository).
 */
import { decodePredictResponse, encodePredictRequest } from '../../src/model/remote';

const PROBAS = { probas: { kind: 'MulticlassPreds' as const, vocab: ['a', 'b', 'c'] } };

test('one unnamed input: each instance is the row itself; a text model sends the string', () => {
  expect(encodePredictRequest([{ x: 1, y: 2, z: 5 }, { x: 3, y: 4, z: 6 }], [{ name: '', fields: ['x', 'y', 'z'] }])).toEqual({ instances: [[1, 2, 5], [3, 4, 6]] });
  expect(encodePredictRequest([{ text: 'hello' }], [{ name: '', fields: ['text'], text: true }], 'serving_default')).toEqual({ signature_name: 'serving_default', instances: ['hello'] });
  expect(() => encodePredictRequest([{ x: 'no' }], [{ name: '', fields: ['x'] }])).toThrow(/row 0, field 'x': TF Serving input '\(single\)' needs a number, got "no"/);
});

test('named inputs: each instance is an object by input name, as the docs\' {"tag", "signal"} example', () => {
  expect(encodePredictRequest([{ t: 'foo', s1: 1, s2: 2 }], [{ name: 'tag', fields: ['t'], text: true }, { name: 'signal', fields: ['s1', 's2'] }]))
    .toEqual({ instances: [{ tag: 'foo', signal: [1, 2] }] });
});

test('answers: a list per row, or an object per row by output name; errors in the server\'s words', () => {
  expect(decodePredictResponse({ predictions: [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]] }, PROBAS, [{ field: 'probas', tensor: '' }], 2, 'w'))
    .toEqual([{ probas: [0.1, 0.2, 0.7] }, { probas: [0.5, 0.25, 0.25] }]);
  expect(decodePredictResponse({ predictions: [{ scores: [[0.2, 0.3, 0.5]], classes: ['a', 'b', 'c'] }] }, PROBAS, [{ field: 'probas', tensor: 'scores' }], 1, 'w'))
    .toEqual([{ probas: [0.2, 0.3, 0.5] }]);
  expect(decodePredictResponse({ predictions: [3.5] }, { score: { kind: 'RegressionScore' } }, [{ field: 'score', tensor: '' }], 1, 'w')).toEqual([{ score: 3.5 }]);
  expect(() => decodePredictResponse({ error: 'Input to reshape is a tensor with 2 values' }, PROBAS, [{ field: 'probas', tensor: '' }], 1, 'w'))
    .toThrow(/w: the server says: Input to reshape is a tensor with 2 values/);
  expect(() => decodePredictResponse({ predictions: [[0.5, 0.5]] }, PROBAS, [{ field: 'probas', tensor: '' }], 1, 'w')).toThrow(/row 0, output 'probas': probas needs 3 number\(s\), got \[0.5,0.5\]/);
  expect(() => decodePredictResponse({ predictions: [] }, PROBAS, [{ field: 'probas', tensor: '' }], 2, 'w')).toThrow(/0 predictions for 2 rows/);
});
