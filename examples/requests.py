"""A standard-library stand-in for the one call of `requests` the tutorial makes.

The tutorial's examples call ``requests.get(url)`` and print the response, which
``requests`` shows as ``<Response [200]>``. ``requests`` is a third-party package that a
machine running the examples may not have, so this module, found first because it sits
next to the examples, gives the same call and the same repr on top of ``urllib``.
"""
import urllib.error
import urllib.request

__all__ = ["Response", "get"]

# Never route through an HTTP proxy from the environment: the examples talk to a local server.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Response:
    """The status code and body of a finished request, printed like requests' Response."""

    def __init__(self, status_code, content):
        self.status_code = status_code
        self.content = content

    @property
    def text(self):
        return self.content.decode("utf-8")

    def __repr__(self):
        return "<Response [%d]>" % self.status_code


def get(url, timeout=30):
    """Fetch ``url`` with a blocking GET, as ``requests.get`` does (an HTTP error status
    is a response, not an exception)."""
    try:
        with _opener.open(url, timeout=timeout) as reply:
            return Response(reply.status, reply.read())
    except urllib.error.HTTPError as error:
        with error:
            return Response(error.code, error.read())
