/**
 * Python's `print(*values)` for the example programs: each value as Python's `str()`,
 * separated by spaces, so that the TypeScript twins print what the Python originals do.
 *
 * @example
 * ```ts
 * print("Task:", task); // Task: <Task pending name='Task-1' coro=<execute() running>>
 * ```
 */
import { pyStr } from "asyncio-ts";

export function print(...values: unknown[]): void {
  console.log(values.map(pyStr).join(" "));
}
