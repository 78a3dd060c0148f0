// TypeScript twin of 08_aiohttp_gather.py: fetching three pages concurrently with gather.
// Node's fetch takes the place of aiohttp; each response enters the loop through
// asyncio.wrapPromise, on a real-clock loop.
import * as asyncio from "asyncio-ts";
import { baseUrl } from "./http.ts";
import { print } from "./print.ts";

const BASE_URL = baseUrl("http:/");

const fetchUrl = asyncio.asyncDef(function* fetch_url(url: string): asyncio.Coroutine<string> {
  const response = yield* asyncio.wrapPromise(fetch(url));
  return yield* asyncio.wrapPromise(response.text());
});

const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
  const urls = [BASE_URL + "/example.com", BASE_URL + "/python.org", BASE_URL + "/github.com"];
  // 创建多个异步任务
  const tasks = urls.map((url) => fetchUrl(url));
  // 等待所有任务完成
  const responses = yield* asyncio.gather(tasks);
  urls.forEach((url, i) => {
    // Python's len() counts code points, as spreading a string does.
    print(`URL: ${url}, Length: ${[...(responses[i] as string)].length}`);
  });
});

await asyncio.run(main(), { clock: "real" });
