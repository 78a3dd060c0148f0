import asyncio

async def task(name, delay):
    print(f"Task {name} started")
    await asyncio.sleep(delay)  # 模拟异步操作
    print(f"Task {name} completed")

async def main():
    # 创建多个异步任务
    tasks = [
        task("A", 2),
        task("B", 1),
        task("C", 3)
    ]
    # 等待所有任务完成
    await asyncio.gather(*tasks)

asyncio.run(main())
