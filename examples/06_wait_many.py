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

tasks = [asyncio.ensure_future(request()) for _ in range(5)]
print('Tasks:', tasks)

loop = asyncio.get_event_loop()
loop.run_until_complete(asyncio.wait(tasks))

for task in tasks:
    print('Task Result:', task.result())
