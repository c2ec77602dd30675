"""HTTP for the source adapters: time-outs, retries, redirects and size limits in one place.

Every adapter talks to its API through :class:`HttpClient`, so they all behave the same way:

- Each request names Kjøpekraft in its ``User-Agent`` and waits at most ``timeout`` seconds
  for each network operation (connecting, or any one read).
- HTTP 429, 408 and 5xx, dropped connections and time-outs are retried up to ``tries`` times
  in all. The wait before a retry is the ``Retry-After`` the server sent (seconds or an HTTP
  date), or else ``backoff`` seconds doubled at each retry. A server that asks for more than
  ``max_wait`` seconds is not waited for: the source counts as unavailable.
- When the tries are used up, :class:`SourceUnavailable` is raised; 401 and 403 raise
  :class:`AccessDenied` at once, and any other 4xx :class:`HttpStatusError`, with what the
  server said.
- Redirects are followed only within the same scheme, host and port (at most five of them);
  a redirect anywhere else raises :class:`RefusedRedirect` without contacting the other host.
  Only ``http`` and ``https`` addresses are ever opened.
- A body is read to at most ``max_bytes``. A larger body, a body cut off before its declared
  length, and a JSON body that does not decode raise :class:`BrokenResponse`, which stops
  that one page or notice and never the process.

The client counts its requests and retries, so a command can report them.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import logging
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import IO, Any

from kjopekraft.notices.rawxml import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ERROR_DETAIL_BYTES = 2000


def _user_agent() -> str:
    try:
        version = metadata.version("kjopekraft")
    except metadata.PackageNotFoundError:
        version = "dev"
    # Header values should be plain ASCII, hence the name without its ø.
    return f"Kjopekraft/{version} (Kjopekraft notice fetcher; open public procurement data)"


USER_AGENT = _user_agent()


class SourceError(Exception):
    """A request to a source failed; the message says what and where, for an operator."""


class HttpStatusError(SourceError):
    """The server answered with an error status that retrying will not change."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class AccessDenied(HttpStatusError):
    """401 or 403: the key is missing, wrong or not allowed here. Every request would fail."""


class BrokenResponse(SourceError):
    """The body could not be used: too large, cut off, or not the JSON it should be."""

    def __init__(self, message: str, *, too_large: bool = False, cut_off: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large
        self.cut_off = cut_off


class RefusedRedirect(SourceError):
    """The server redirected to another host (or scheme, or port), which is not followed."""


class SourceUnavailable(SourceError):
    """The source kept failing (429, 5xx, time-outs, connection errors) after every try."""


class _Retryable(Exception):
    """A failure worth another try, with the wait the server asked for, if any."""

    def __init__(self, problem: str, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Policy:
    """How patient and how careful a client is. Tests shrink the waits to milliseconds."""

    timeout: float = 30.0
    tries: int = 5
    backoff: float = 1.0
    max_wait: float = 300.0
    max_bytes: int = DEFAULT_MAX_BYTES
    # The least time between the starts of two requests: politeness towards rate limits.
    min_interval: float = 0.0


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON, or :class:`BrokenResponse` saying why it is not."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BrokenResponse(
                f"The response from {self.url} is not valid JSON ({exc}); "
                f"it starts {self.body[:80]!r}."
            ) from exc


@dataclass
class HttpClient:
    policy: Policy = field(default_factory=Policy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0
    retries: int = 0
    _last_start: float | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Only the handlers needed for http(s): no file:, ftp: or data: handlers, so a link
        # from an API can never make the client read a local file.
        self._opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.ProxyHandler(),
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPErrorProcessor(),
            _SameHostRedirects(),
        ):
            self._opener.add_handler(handler)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        if params:
            url = f"{url}?{urllib.parse.urlencode(params)}"
        return self.request("GET", url, headers=headers)

    def post_json(
        self, url: str, payload: Any, *, headers: Mapping[str, str] | None = None
    ) -> Response:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        merged = {"Content-Type": "application/json", "Accept": "application/json"}
        merged.update(headers or {})
        return self.request("POST", url, body=body, headers=merged)

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """One request with the retry policy; a 2xx response or one of the errors above."""
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise SourceError(f"Refusing to open {url}: only http and https addresses are used.")
        tries = max(1, self.policy.tries)
        for attempt in range(1, tries + 1):
            try:
                return self._once(method, url, body, headers or {})
            except _Retryable as problem:
                if attempt == tries:
                    raise SourceUnavailable(
                        f"{problem} ({method} {url}); gave up after {tries} tries."
                    ) from None
                wait = problem.retry_after
                if wait is None:
                    wait = self.policy.backoff * 2 ** (attempt - 1)
                if wait > self.policy.max_wait:
                    raise SourceUnavailable(
                        f"{problem} ({method} {url}); the server asks to wait {wait:.0f} s, "
                        f"longer than the {self.policy.max_wait:.0f} s this client waits."
                    ) from None
                log.warning("%s (%s %s); retrying in %.2f s", problem, method, url, wait)
                self.retries += 1
                self.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _once(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]
    ) -> Response:
        self._pace()
        # The scheme was checked in request() and the opener has only http(s) handlers.
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
        request.add_header("User-Agent", USER_AGENT)
        for name, value in headers.items():
            request.add_header(name, value)
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.policy.timeout) as reply:
                data = self._read(reply, url)
                return Response(reply.url, reply.status, _lower(reply.headers), data)
        except urllib.error.HTTPError as error:
            with error:
                return self._failed(method, url, error)
        except urllib.error.URLError as error:
            if isinstance(error.reason, ssl.SSLCertVerificationError):
                raise SourceError(
                    f"The certificate of {url} could not be verified: {error.reason}."
                ) from error
            raise _Retryable(f"Cannot connect: {error.reason}") from error
        except TimeoutError as error:
            raise _Retryable(f"No answer within {self.policy.timeout:g} s") from error
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            raise _Retryable(f"The connection failed: {error or type(error).__name__}") from error

    def _failed(self, method: str, url: str, error: urllib.error.HTTPError) -> Response:
        status = error.code
        try:
            detail = error.read(ERROR_DETAIL_BYTES).decode("utf-8", "replace").strip()
        except (OSError, http.client.HTTPException):
            detail = ""
        said = f": {detail[:300]}" if detail else ""
        if status in RETRY_STATUSES:
            retry_after = parse_retry_after(error.headers.get("Retry-After"))
            raise _Retryable(f"HTTP {status}{said}", retry_after)
        if status in (401, 403):
            raise AccessDenied(f"HTTP {status} from {method} {url}{said}", status=status)
        raise HttpStatusError(f"HTTP {status} from {method} {url}{said}", status=status)

    def _read(self, reply: IO[bytes] | http.client.HTTPResponse, url: str) -> bytes:
        limit = self.policy.max_bytes
        declared = _declared_length(reply)
        if declared is not None and declared > limit:
            raise BrokenResponse(
                f"The response from {url} is {declared:,} bytes; the limit is {limit:,} bytes.",
                too_large=True,
            )
        try:
            data = reply.read(limit + 1)
        except http.client.IncompleteRead as exc:
            raise BrokenResponse(
                f"The response from {url} was cut off after {len(exc.partial):,} bytes.",
                cut_off=True,
            ) from exc
        if len(data) > limit:
            raise BrokenResponse(
                f"The response from {url} is larger than the limit of {limit:,} bytes.",
                too_large=True,
            )
        # http.client returns what arrived when the connection closes early, without
        # complaint, so the declared length is checked here.
        if declared is not None and len(data) < declared:
            raise BrokenResponse(
                f"The response from {url} was cut off after {len(data):,} of {declared:,} bytes.",
                cut_off=True,
            )
        return data

    def _pace(self) -> None:
        if self.policy.min_interval > 0 and self._last_start is not None:
            wait = self._last_start + self.policy.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_start = self.clock()


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            fp.close()
            raise RefusedRedirect(
                f"{req.full_url} redirects to {newurl}, on another host; redirects are "
                "followed only within the same host."
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), parts.port or default


def _declared_length(reply: Any) -> int | None:
    value = reply.headers.get("Content-Length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _lower(headers: Any) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}
