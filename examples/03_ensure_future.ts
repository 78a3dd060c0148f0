// TypeScript twin of 03_ensure_future.py: creating the Task with asyncio.ensureFuture.
import * as asyncio from "asyncio-ts";
import { print } from "./print.ts";

const execute = asyncio.asyncDef(function* execute(x: number): asyncio.Coroutine<number> {
  print("Number:", x);
  return x;
});

const coroutine = execute(1);
print("协程:", coroutine);
print("After calling execute");

const task = asyncio.ensureFuture(coroutine);
print("Task:", task);
const loop = asyncio.getEventLoop();
loop.runUntilComplete(task);
print("Task:", task);
print("After calling loop");
