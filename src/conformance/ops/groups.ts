/**
 * `raise_group` (3.11+): raises an exception group built in the program, with members of
 * several classes, optionally a nested group, and optionally a `__cause__` (`raise ... from`).
 * Generated inside a `try_inspect` whose handler splits (or subgroups) what it catches, so
 * that `split`/`subgroup` meet nested groups, members on both sides of the split and a cause
 * that both parts keep. With `base`, the groups are written `BaseExceptionGroup(...)` and
 * may hold a `CancelledError` (a BaseException): CPython then makes a BaseExceptionGroup,
 * and an `ExceptionGroup` when every member is ordinary.
 *
 * @example
 * ```ts
 * {
 *   op: "raise_group",
 *   message: "outer",
 *   members: [{ exception: "AlphaError", arg: 1 }],
 *   inner: { message: "inner", members: [{ exception: "BetaError", arg: 2 }, { exception: "AlphaError", arg: 3 }] },
 *   cause: { exception: "BetaError", arg: "c" },
 * }
 * // Python: raise ExceptionGroup('outer', [AlphaError(1), ExceptionGroup('inner', [BetaError(2), AlphaError(3)])]) from BetaError('c')
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Value } from "../ir/schema_kit.ts";
import type { Runtime } from "../interpret.ts";
import type { PythonWriter } from "../emit_python.ts";
import type { TsWriter } from "../emit_ts.ts";
import type { Stmt } from "./index.ts";
import { classOf, pythonClass, RAISABLE, tsClass, type InspectHandler } from "./exceptions.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp, type Edit, type Path } from "./op.ts";

/** One exception of a group (or its cause): a program class or a {@link RAISABLE} built-in, and its argument. */
export interface GroupMember {
  exception: string;
  arg: Value;
}

/** Raises `(Base)ExceptionGroup(message, [members..., (Base)ExceptionGroup(inner)])`, optionally `from cause`. */
export interface RaiseGroupStmt {
  op: "raise_group";
  /** Write the groups as `BaseExceptionGroup` (members may then be `CancelledError`). */
  base?: true | undefined;
  message: string;
  members: GroupMember[];
  /** A nested group, placed after the members. */
  inner?: { message: string; members: GroupMember[] } | undefined;
  cause?: GroupMember | undefined;
}

const BUILTIN_MEMBERS = new Set<string>(RAISABLE);

function groupClass(s: RaiseGroupStmt): "ExceptionGroup" | "BaseExceptionGroup" {
  return s.base === true ? "BaseExceptionGroup" : "ExceptionGroup";
}

/** A program class must be declared; a CancelledError in a group without `base` is allowed (its construction raises TypeError). */
function checkMember(m: GroupMember, c: import("../ir/check.ts").Checker, at: Path): void {
  if (!BUILTIN_MEMBERS.has(m.exception)) c.declared(m.exception, [...at, "exception"]);
}

function newMember(rt: Runtime, m: GroupMember): asyncio.BaseException {
  if (BUILTIN_MEMBERS.has(m.exception)) return new (classOf(rt, m.exception) as new (arg: unknown) => asyncio.BaseException)(m.arg);
  return rt.newException(m.exception, m.arg);
}

/** Whether constructing the group raises TypeError (an ExceptionGroup given a CancelledError). */
function mayRefuse(s: RaiseGroupStmt): boolean {
  return s.base !== true && [...s.members, ...(s.inner?.members ?? [])].some((m) => m.exception === "CancelledError");
}

function pyMember(m: GroupMember, w: PythonWriter): string {
  return `${pythonClass(m.exception)}(${w.literal(m.arg)})`;
}

function tsMember(m: GroupMember, w: TsWriter): string {
  return `new ${tsClass(m.exception)}(${w.literal(m.arg)})`;
}

/** The group's constructor call, in Python or TypeScript, through `member` and `text` (a string literal). */
function groupText(s: RaiseGroupStmt, member: (m: GroupMember) => string, text: (t: string) => string, prefix: string): string {
  const cls = `${prefix}${groupClass(s)}`;
  const items = s.members.map(member);
  if (s.inner !== undefined) items.push(`${cls}(${text(s.inner.message)}, [${s.inner.members.map(member).join(", ")}])`);
  return `${cls}(${text(s.message)}, [${items.join(", ")}])`;
}

function memberList(g: import("../generate/resolve.ts").Resolver, seeds: number[], value: number, base: boolean): GroupMember[] {
  const names = ["AlphaError", "BetaError", "AlphaError", "BetaError", "OSError", ...(base ? ["CancelledError"] : [])];
  return seeds.map((n, k) => {
    const name = names[(n + k) % names.length] as string;
    return { exception: name === "AlphaError" || name === "BetaError" ? g.exceptionOf(n + k) : name, arg: value + k };
  });
}

/** What generated splits name: member classes, and group classes (which match a group itself). */
const SPLIT_BY = ["AlphaError", "BetaError", "OSError", "Exception", "BaseException", "CancelledError", "ExceptionGroup", "BaseExceptionGroup"];

/** The `raise_group` operation. */
export const raiseGroup = defineOp<RaiseGroupStmt>({
  op: "raise_group",
  summary: "Raises an exception group (3.11+) with nested members and an optional cause: what split and subgroup take apart.",
  schema: (k) => {
    const member = k.z.strictObject({ exception: k.z.union([k.ExceptionName, k.z.enum(RAISABLE)]), arg: k.Value });
    return k.z.strictObject({
      op: k.z.literal("raise_group"),
      base: k.z.literal(true).optional(),
      message: k.Text,
      members: k.z.array(member).min(1).max(4),
      inner: k.z.strictObject({ message: k.Text, members: k.z.array(member).min(1).max(4) }).optional(),
      cause: member.optional(),
    });
  },
  check(s, c, _scope, at) {
    s.members.forEach((m, i) => checkMember(m, c, [...at, "members", i]));
    s.inner?.members.forEach((m, i) => checkMember(m, c, [...at, "inner", "members", i]));
    if (s.cause !== undefined) checkMember(s.cause, c, [...at, "cause"]);
  },
  requires: () => ({ name: "ExceptionGroup", since: FEATURE_SINCE.exceptionGroups }),
  describe: () => "",
  exec(s, rt) {
    const Group = s.base === true ? asyncio.BaseExceptionGroup : asyncio.ExceptionGroup;
    let group: asyncio.BaseExceptionGroup;
    try {
      const items: unknown[] = s.members.map((m) => newMember(rt, m));
      if (s.inner !== undefined) items.push(new Group(s.inner.message, s.inner.members.map((m) => newMember(rt, m))));
      group = new Group(s.message, items);
    } catch (e) {
      // ExceptionGroup(..., [CancelledError()]) raises TypeError, chained like any raise.
      throw rt.raising(e);
    }
    if (s.cause !== undefined) group.cause = newMember(rt, s.cause);
    throw rt.raising(group);
  },
  python(s, w, indent) {
    const made = groupText(s, (m) => pyMember(m, w), (t) => w.literal(t), "");
    w.line(indent, `raise ${made}${s.cause === undefined ? "" : ` from ${pyMember(s.cause, w)}`}`);
  },
  typescript(s, w, indent) {
    let made = groupText(s, (m) => tsMember(m, w), (t) => w.literal(t), "new asyncio.");
    if (w.contexts && mayRefuse(s)) {
      // Its construction raises TypeError, which Python chains to the exception being handled.
      made = `((): asyncio.BaseExceptionGroup => { try { return ${made}; } catch (e) { throw trace.raised(e); } })()`;
    }
    const withCause = s.cause === undefined ? made : `Object.assign(${made}, { cause: ${tsMember(s.cause, w)} })`;
    w.line(indent, `throw ${w.contexts ? `trace.raised(${withCause})` : withCause};`);
  },
  simplify(s): Edit[] {
    const edits: Edit[] = [() => [{ op: "raise", exception: "AlphaError", arg: 1 }]];
    if (s.inner !== undefined) edits.push((x) => [{ ...(x as RaiseGroupStmt), inner: undefined }]);
    if (s.cause !== undefined) edits.push((x) => [{ ...(x as RaiseGroupStmt), cause: undefined }]);
    const ordinary = s.members.filter((m) => m.exception !== "CancelledError");
    if (s.base === true && ordinary.length > 0) edits.push((x) => [{ ...(x as RaiseGroupStmt), base: undefined, members: ordinary }]);
    if (s.members.length > 1) s.members.forEach((_, k) => edits.push((x) => [{ ...(x as RaiseGroupStmt), members: s.members.filter((__, j) => j !== k) }]));
    return edits;
  },
  generate: {
    weight: 0,
    since: FEATURE_SINCE.exceptionGroups,
    quiet: "degrade",
    resolve(r, _ctx, g) {
      if (g.minor < FEATURE_SINCE.exceptionGroups) return g.logInstead();
      const base = r.b % 4 === 0;
      const raised: RaiseGroupStmt = { op: "raise_group", message: "outer", members: memberList(g, r.items, r.value, base) };
      if (base) raised.base = true;
      if (r.a % 3 !== 0) raised.inner = { message: "inner", members: memberList(g, [r.a, r.b + 1, r.delay].slice(0, 1 + (r.a % 3)), r.value + 10, base) };
      if (r.flag || r.a % 2 === 0) raised.cause = { exception: g.exceptionOf(r.b + 1), arg: "c" };
      // A BaseExceptionGroup of ordinary members is an ExceptionGroup: keep a few of those.
      const holdsBase = [...raised.members, ...(raised.inner?.members ?? [])].some((m) => m.exception === "CancelledError");
      if (!holdsBase && r.b % 8 !== 0) delete raised.base;
      // Now and then an ExceptionGroup given a CancelledError: its construction raises TypeError.
      if (raised.base === undefined && r.value % 7 === 3) raised.members = [...raised.members.slice(0, 3), { exception: "CancelledError", arg: r.value }];
      // Caught at once by a handler that splits it: the point of the statement.
      const splitBy = SPLIT_BY[r.delay % SPLIT_BY.length] as string;
      const handler: InspectHandler = { catch: raised.base === true ? "BaseExceptionGroup" : "ExceptionGroup", split: { how: r.b % 3 === 1 ? "subgroup" : "split", catch: splitBy }, body: [] };
      if (r.value % 5 === 0) handler.body.push({ op: "reraise" });
      return [{ op: "try_inspect", body: [raised], handlers: [handler, { catch: "Exception", body: [] }] } satisfies Stmt];
    },
  },
});
