// TypeScript twin of 02_create_task.py: wrapping a coroutine in a Task with loop.createTask.
import * as asyncio from "asyncio-ts";
import { print } from "./print.ts";

const execute = asyncio.asyncDef(function* execute(x: number): asyncio.Coroutine<number> {
  print("Number:", x);
  return x;
});

const coroutine = execute(1);
print("协程:", coroutine);
print("After calling execute");

const loop = asyncio.getEventLoop();
const task = loop.createTask(coroutine);
print("Task:", task);
loop.runUntilComplete(task);
print("Task:", task);
print("After calling loop");
