import asyncio

async def execute(x):
    print('x = ', x)

coroutine = execute(1)
print('协程:', coroutine)
print('After calling execute')

loop = asyncio.get_event_loop()
loop.run_until_complete(coroutine)
print('After calling loop')
