// TypeScript twin of 01_define_coroutine.py: defining a coroutine and running it.
import * as asyncio from "asyncio-ts";
import { print } from "./print.ts";

const execute = asyncio.asyncDef(function* execute(x: number): asyncio.Coroutine<void> {
  print("x = ", x);
});

const coroutine = execute(1);
print("协程:", coroutine);
print("After calling execute");

const loop = asyncio.getEventLoop();
loop.runUntilComplete(coroutine);
print("After calling loop");
