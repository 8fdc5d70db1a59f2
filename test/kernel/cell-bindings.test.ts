/**
 * What a cell that throws or is abandoned leaves in the notebook's names
 * (src/kernel/cell-bindings.ts), running tslab's real output against the recording proxy.
 */
import { createConverter, Converter } from 'tslab/dist/converter';
import { CellBindings } from '../../src/kernel/cell-bindings';
import { exportsAsSoonAsBound } from '../../src/kernel/exports-as-bound';

let converter: Converter;
beforeAll(() => {
  converter = createConverter({ isJS: false, isBrowser: false });
});
afterAll(() => converter.close());

function outputOf(prevDecl: string, src: string): string {
  const converted = converter.convert(prevDecl, src);
  expect(converted.diagnostics).toEqual([]);
  return exportsAsSoonAsBound(converted.output ?? '');
}

describe('CellBindings', () => {
  it('after a throw, keeps what was bound, gives a redeclared name its earlier value back and removes a new one', () => {
    const locals: Record<string, unknown> = { model: 'trained' };
    const output = outputOf('declare let model: string;\n', 'const kept = 1, lost = JSON.parse("{");\nlet model = 2;\nconst below = 3;');
    const bindings = new CellBindings(locals, output);
    expect(() => new Function('exports', output)(bindings.exports)).toThrow(SyntaxError);
    bindings.stopRecording();
    expect([...bindings.restoreUnreached()].sort()).toEqual(['below', 'lost', 'model']);
    expect(locals).toEqual({ model: 'trained', kept: 1 });
  });

  it('drops what an abandoned cell writes later to the names it had not reached, and keeps its other writes', async () => {
    let open: (value: number) => void = () => undefined;
    const gate = new Promise<number>((resolve) => (open = resolve));
    const locals: Record<string, unknown> = { model: 'trained', counter: 0, gate };
    const prevDecl = 'declare let model: string;\ndeclare let counter: number;\ndeclare const gate: Promise<number>;\n';
    const output = outputOf(prevDecl, 'const part = 1;\nlet model = await gate;\ncounter = model;\nconst after = 2;');
    const bindings = new CellBindings(locals, output);
    const rest = new Function('exports', `return (async () => { ${output} })();`)(bindings.exports) as Promise<void>;
    await Promise.resolve();
    // The interrupt: the cell is abandoned while it awaits the gate.
    bindings.stopRecording();
    expect([...bindings.restoreUnreached()].sort()).toEqual(['after', 'model']);
    open(42);
    await rest;
    // The earlier cell's names the cell assigns without declaring them still change, as in any closure.
    expect(locals).toEqual({ model: 'trained', counter: 42, gate, part: 1 });
  });
});
