"""A standard-library stand-in for the part of `aiohttp` the tutorial uses.

``aiohttp`` is a third-party package that a machine running the examples may not have.
This module, found first because it sits next to the examples, provides
``ClientSession()`` as an async context manager whose ``get(url)`` is an async context
manager yielding a response with ``await response.text()``. It speaks HTTP/1.1 over
``asyncio.open_connection``, so the requests really run concurrently on the event loop.
Plain ``http://`` URLs only.
"""
import asyncio
from urllib.parse import urlsplit

__all__ = ["ClientResponse", "ClientSession"]


class ClientResponse:
    def __init__(self, status, body):
        self.status = status
        self._body = body

    async def text(self, encoding="utf-8"):
        return self._body.decode(encoding)

    async def read(self):
        return self._body


class _RequestContext:
    def __init__(self, coro):
        self._coro = coro

    async def __aenter__(self):
        self._response = await self._coro
        return self._response

    async def __aexit__(self, *exc_info):
        return False


class ClientSession:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        return False

    def get(self, url):
        return _RequestContext(self._get(url))

    async def _get(self, url):
        parts = urlsplit(url)
        if parts.scheme != "http":
            raise ValueError("this stand-in only speaks plain http: %r" % (url,))
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        request = "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (target, parts.netloc)
        writer.write(request.encode("latin-1"))
        await writer.drain()
        raw = await reader.read()
        writer.close()
        await writer.wait_closed()
        head, _, body = raw.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        return ClientResponse(status, body)
