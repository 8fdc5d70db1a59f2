/** "Cannot find name" for a name a throwing cell never reached says why (src/kernel/never-bound.ts). */
import { NeverBoundNames } from '../../src/kernel/never-bound';

describe('NeverBoundNames', () => {
  it('explains only the names that were unreached and have no value', () => {
    const names = new NeverBoundNames();
    names.record(['b', 'kept'], { kept: 1 });
    expect(names.explain("Cannot find name 'b'.")).toBe(
      "Cannot find name 'b'. 'b' is declared in an earlier cell that threw before binding it, so it has no value; run that cell again once it no longer throws.",
    );
    expect(names.explain("Cannot find name 'b'. Did you mean 'a'?")).toMatch(/^Cannot find name 'b'\. Did you mean 'a'\? 'b' is declared in an earlier cell/);
    expect(names.explain("Cannot find name 'kept'.")).toBe("Cannot find name 'kept'.");
    expect(names.explain("Cannot find name 'other'.")).toBe("Cannot find name 'other'.");
    expect(names.explain("Property 'b' does not exist on type '{}'.")).toBe("Property 'b' does not exist on type '{}'.");
  });

  it('stops explaining a name once a cell binds it', () => {
    const names = new NeverBoundNames();
    names.record(['b'], {});
    names.forgetBound({ b: 3 });
    expect(names.explain("Cannot find name 'b'.")).toBe("Cannot find name 'b'.");
  });
});
