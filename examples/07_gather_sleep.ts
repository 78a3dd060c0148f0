// TypeScript twin of 07_gather_sleep.py: three tasks sleeping concurrently under gather.
// asyncio.run uses the virtual clock by default, so the three seconds pass instantly;
// pass { clock: "real" } to wait them out.
import * as asyncio from "../src/asyncio/index.ts";
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

asyncio.run(main());
