import aiohttp
import asyncio
import os

# Changed from the tutorial: the host comes from EXAMPLE_HTTP_BASE (a local test server);
# without it the URLs are the tutorial's http://example.com and so on.
BASE_URL = os.environ.get('EXAMPLE_HTTP_BASE', 'http:/')

async def fetch_url(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return await response.text()

async def main():
    urls = [
        BASE_URL + '/example.com',
        BASE_URL + '/python.org',
        BASE_URL + '/github.com'
    ]
    # 创建多个异步任务
    tasks = [fetch_url(url) for url in urls]
    # 等待所有任务完成
    responses = await asyncio.gather(*tasks)
    for url, response in zip(urls, responses):
        print(f"URL: {url}, Length: {len(response)}")

asyncio.run(main())
