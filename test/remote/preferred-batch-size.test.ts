/**
 * The batch size a server asks for, from Triton's model configuration as its documentation
 * shows it (`max_batch_size`, `dynamic_batching.preferred_batch_size`) or from a model
 * metadata's `max_batch_size` (tested end to end on MLServer in remote-model.test.ts).
 */
import { preferredBatchSize } from '../../src/model/remote/bindings';
import type { OipModelMetadata } from '../../src/model/remote/oip-codec';

const meta = (parameters: Record<string, unknown>): OipModelMetadata => ({ name: 'm', versions: [], platform: '', inputs: [], outputs: [], parameters });

test('Triton\'s preferred sizes: the largest within max_batch_size; else max_batch_size; else the metadata\'s', () => {
  expect(preferredBatchSize(null, { name: 'm', max_batch_size: 64, dynamic_batching: { preferred_batch_size: [4, 8, 32], max_queue_delay_microseconds: 100 } })).toBe(32);
  expect(preferredBatchSize(null, { max_batch_size: 16, dynamic_batching: { preferred_batch_size: [8, 128] } })).toBe(8);
  expect(preferredBatchSize(null, { max_batch_size: 16, dynamic_batching: {} })).toBe(16);
  expect(preferredBatchSize(meta({ max_batch_size: 12 }), { error: 'not found' })).toBe(12);
  expect(preferredBatchSize(meta({ max_batch_size: 12 }), undefined)).toBe(12);
});

test('no size when none is given, or when what is given is not a positive integer (0: Triton does not batch the model)', () => {
  expect(preferredBatchSize(null)).toBeUndefined();
  expect(preferredBatchSize(meta({}), { max_batch_size: 0 })).toBeUndefined();
  expect(preferredBatchSize(meta({ max_batch_size: '8' }), { max_batch_size: -1, dynamic_batching: { preferred_batch_size: [0, 2.5, 'x'] } })).toBeUndefined();
});
