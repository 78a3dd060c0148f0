/**
 * Keeps class constructors on V8's fast construction path when the source was transpiled
 * with esbuild's `keepNames` (tsx, which `npm run bench`, the kit and most people running
 * TypeScript source use).
 *
 * `keepNames` adds `static { __name(this, "X") }` to every class, and `__name` redefines the
 * constructor's `name` with `Object.defineProperty`. On V8 11 (Node 20) that turns the
 * constructor function's properties into a dictionary. A class whose constructor calls
 * `super()` then loses the constant-folded super-constructor lookup that lets the optimizing
 * compiler inline the whole constructor chain and allocate inline: every `new` of such a
 * class goes through the generic construct path, about 12 times slower in a micro benchmark
 * of a three-level chain, and `bounded_queue` 5 times slower end to end. A class used as
 * the prototype of another gets fast properties back, which is why only leaf classes suffer;
 * declaring an empty subclass of each leaf restores it. Without `keepNames` (a `tsc` build)
 * nothing is redefined and the call is harmless.
 * @module
 */

/** Any class, abstract or not, whatever its constructor's parameters. */
type AnyClass = abstract new (...args: never[]) => object;

/**
 * Gives each class's constructor fast properties again (see the module comment) by making it
 * the prototype of a throwaway subclass. Call it once, after the classes are defined, with
 * the classes whose instances are built on hot paths.
 *
 * @example
 * ```ts
 * class Base { constructor() { this.a = 1; } }
 * class Leaf extends Base { constructor() { super(); this.b = 2; } }
 * keepConstructorsFast(Leaf);
 * ```
 */
export function keepConstructorsFast(...classes: AnyClass[]): void {
  for (const cls of classes) void class extends cls {};
}
