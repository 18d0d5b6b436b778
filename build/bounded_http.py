"""HTTP GETs within bounds, for `fetch` and `download`: a server is untrusted, so no answer
may be endless, unpack without end (a gzip bomb), trickle in forever, or hide a large body
behind a redirect.

Three limits (``limits.Transfer``, each adjustable by an environment variable): the bytes of
the body on the wire, its bytes once decoded (gzip, deflate, brotli), and the total time from
the request to the last byte. The time is kept by a watchdog that shuts the connection's
socket down at the deadline, wherever the read is waiting — in the headers, a redirect or
the body; the time between two bytes, which a server sending one a second never exceeds,
is not what is bounded. Redirects are followed here (at most ``MAX_REDIRECTS``), each
closed unread: requests would read a redirect's whole body into memory.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Any
from urllib.parse import urljoin

import requests
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .limits import MiB, Transfer

BLOCK = 1 << 16
MAX_REDIRECTS = 10


class BodyRefused(RuntimeError):
    """An answer over one of the limits: nothing of it is kept, and it is not asked for again."""


class _WatchedAdapter(requests.adapters.HTTPAdapter):
    """An adapter whose connections put their sockets in ``sockets`` (for the watchdog)."""

    def __init__(self, sockets: list[socket.socket]) -> None:
        def watched(base: type[HTTPConnection]) -> type[HTTPConnection]:
            class Watched(base):  # type: ignore[valid-type, misc]
                def connect(self) -> None:
                    super().connect()
                    sockets.append(self.sock)

            return Watched

        self._pools = {
            "http": type("WatchedPool", (HTTPConnectionPool,), {"ConnectionCls": watched(HTTPConnection)}),
            "https": type("WatchedPool", (HTTPSConnectionPool,), {"ConnectionCls": watched(HTTPSConnection)}),
        }
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pools


class BoundedGet:
    """``with BoundedGet(url, limits) as get:`` — ``get.response`` (headers read, body not),
    then ``get.blocks()`` the body as it arrives. Past a limit, BodyRefused; a failure of the
    network is the requests exception it is."""

    def __init__(self, url: str, limits: Transfer, timeout: float, headers: dict[str, str] | None = None) -> None:
        self.url, self.limits, self.timeout = url, limits, timeout
        self.sockets: list[socket.socket] = []
        self.session = requests.Session()
        self.session.headers.update(headers or {})
        self.adapter = _WatchedAdapter(self.sockets)
        self.expired = threading.Event()
        self.watchdog = threading.Timer(limits.seconds, self._cut)
        self.watchdog.daemon = True
        self.response: requests.Response

    def _cut(self) -> None:
        """At the deadline: every socket of this GET shut down, so a blocked read returns."""
        self.expired.set()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed
                pass

    def _too_long(self) -> BodyRefused:
        return BodyRefused(f"the answer took over {self.limits.seconds:g} s (OGIDATA_MAX_FETCH_SECONDS)")

    def __enter__(self) -> BoundedGet:
        """Start the watchdog and send the GET, following redirects here (each closed unread)
        up to MAX_REDIRECTS; a failure after the deadline is raised as BodyRefused."""
        self.watchdog.start()
        try:
            url = self.url
            for _ in range(MAX_REDIRECTS + 1):
                # The adapter itself: a session reads a redirect's whole body, even one it does not follow.
                request = self.session.prepare_request(requests.Request("GET", url))
                response = self.adapter.send(request, stream=True, timeout=self.timeout)
                if not response.is_redirect:
                    self.response = response
                    return self
                response.close()  # unread: its body is the server's to keep
                url = urljoin(response.url, response.headers["Location"])
            raise BodyRefused(f"over {MAX_REDIRECTS} redirects")
        except requests.RequestException as error:
            self._close()
            raise self._too_long() if self.expired.is_set() else error
        except BaseException:
            self._close()
            raise

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._close()
        if isinstance(error, requests.RequestException) and self.expired.is_set():
            raise self._too_long() from error

    def _close(self) -> None:
        self.watchdog.cancel()
        if hasattr(self, "response"):
            self.response.close()
        self.adapter.close()

    def blocks(self) -> Iterator[bytes]:
        """The decoded body in blocks as they arrive, within the limits."""
        limits = self.limits
        declared = self.response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limits.body:
            raise BodyRefused(
                f"the server announces {int(declared):,} bytes, over the limit of "
                f"{limits.body / MiB:g} MB (OGIDATA_MAX_BODY_MB)"
            )
        raw, decoded = self.response.raw, 0
        while True:
            try:
                block = raw.read1(BLOCK, decode_content=True)
            except urllib3.exceptions.ReadTimeoutError as error:
                raise requests.exceptions.ReadTimeout(str(error)) from error
            except Exception as error:  # urllib3 and the decoders raise many kinds on a cut or bad body
                raise requests.exceptions.ChunkedEncodingError(str(error)) from error
            if self.expired.is_set():  # a body cut at the deadline can look like one that ended
                raise self._too_long()
            if not block:
                return
            decoded += len(block)
            if raw.tell() > limits.body:
                raise BodyRefused(f"the body is over the limit of {limits.body / MiB:g} MB (OGIDATA_MAX_BODY_MB)")
            if decoded > limits.decoded:
                raise BodyRefused(f"the body decodes to over {limits.decoded / MiB:g} MB (OGIDATA_MAX_DECODED_MB)")
            yield block
