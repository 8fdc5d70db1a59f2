/** MIME bundles of values, and clear errors when kernel-only API is used outside the kernel. */
import { activeKernel, display, mimeBundleOf, Widget } from '../../src/kernel/index';

class Probe extends Widget<{ n: number }> {
  constructor() {
    super({ modelName: 'ProbeModel', viewName: 'ProbeView' }, { n: 1 });
  }
}

describe('mimeBundleOf', () => {
  it('uses displayData() when present and adds text/plain if it is missing', () => {
    const html = { displayData: () => ({ 'text/html': '<i>x</i>' }) };
    const bundle = mimeBundleOf(html);
    expect(bundle['text/html']).toBe('<i>x</i>');
    expect(typeof bundle['text/plain']).toBe('string');
    expect(mimeBundleOf({ displayData: () => ({ 'text/plain': 'mine' }) })).toEqual({ 'text/plain': 'mine' });
  });

  it('shows other values as util.inspect text, strings as they are', () => {
    expect(mimeBundleOf({ a: [1, 2] })).toEqual({ 'text/plain': '{ a: [ 1, 2 ] }' });
    expect(mimeBundleOf('plain')).toEqual({ 'text/plain': 'plain' });
  });
});

describe('outside a kernel', () => {
  it('has no active kernel, and widgets and display say why they cannot work', () => {
    expect(activeKernel()).toBeUndefined();
    expect(() => new Probe()).toThrow('new Probe() needs a running tslit kernel');
    expect(() => display(1)).toThrow('display() needs a running tslit kernel');
  });
});
