// TypeScript twin of 07_gather_sleep.py: three tasks sleeping concurrently under gather.
// asyncio.runSync runs on the virtual clock, so the three seconds pass instantly;
// `await asyncio.run(main(), { clock: "real" })` waits them out.
import * as asyncio from "asyncio-ts";
import { print } from "./print.ts";

const task = asyncio.asyncDef(function* task(name: string, delay: number): asyncio.Coroutine<void> {
  print(`Task ${name} started`);
  yield* asyncio.sleep(delay); // 模拟异步操作
  print(`Task ${name} completed`);
});

const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
  // 创建多个异步任务
  const tasks = [task("A", 2), task("B", 1), task("C", 3)];
  // 等待所有任务完成
  yield* asyncio.gather(tasks);
});

asyncio.runSync(main());
