// TypeScript twin of 04_done_callback.py: a done-callback on a Task that fetches a page.
//
// The Python original blocks inside the coroutine with requests.get; here the request is
// a Node Promise awaited through asyncio.wrapPromise on a real-clock loop. The printed
// lines are the same.
import * as asyncio from "asyncio-ts";
import { baseUrl, get, type Response } from "./http.ts";
import { print } from "./print.ts";

const BASE_URL = baseUrl("https:/");
// The real clock: this loop's run methods return Promises, so they are awaited below.
asyncio.setEventLoop(asyncio.newEventLoop({ clock: "real" }));

const request = asyncio.asyncDef(function* request(): asyncio.Coroutine<Response> {
  const url = BASE_URL + "/www.baidu.com";
  const status = yield* asyncio.wrapPromise(get(url));
  return status;
});

function callback(task: asyncio.Future<Response>): void {
  print("Status:", task.result());
}

const coroutine = request();
const task = asyncio.ensureFuture(coroutine);
task.addDoneCallback(callback);
print("Task:", task);

const loop = asyncio.getEventLoop();
await loop.runUntilComplete(task);
print("Task:", task);
