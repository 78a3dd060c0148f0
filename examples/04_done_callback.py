import asyncio
import os
import requests

# Changed from the tutorial: the host comes from EXAMPLE_HTTP_BASE (a local test server);
# without it the URL is the tutorial's https://www.baidu.com.
BASE_URL = os.environ.get('EXAMPLE_HTTP_BASE', 'https:/')

async def request():
    url = BASE_URL + '/www.baidu.com'
    status = requests.get(url)
    return status

def callback(task):
    print('Status:', task.result())

coroutine = request()
task = asyncio.ensure_future(coroutine)
task.add_done_callback(callback)
print('Task:', task)

loop = asyncio.get_event_loop()
loop.run_until_complete(task)
print('Task:', task)
