"""The Huma client for POY Verify: ``HumaClient(key).verify(user_id)``. The standard library only."""
from __future__ import annotations

import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Optional

from .errors import HumaError, parse_retry_after
from .retry import RetryPolicy, retry_delay

DEFAULT_BASE_URL = "http://localhost:8787"
#: What ``stamp(type=...)`` takes (the server checks it too).
STAMP_TYPES = ("text", "image", "video", "audio", "document")
USER_AGENT = "huma-python/0.1.0"

Json = Dict[str, Any]


class HumaClient:
    """A client of one Huma server under one API key.

    :param api_key: ``huma_live_...`` / ``huma_test_...``; default ``HUMA_API_KEY`` from the environment.
        It needs the scope of each route it calls (``verify``, ``stamp``, ``trust``): a key without it
        gets ``HumaError`` ``SCOPE_NOT_ALLOWED`` (403).
    :param base_url: where the server is; default ``HUMA_URL`` from the environment, else
        http://localhost:8787
    :param timeout: seconds per attempt (connecting, and each read of the answer); default 5
    :param retries: retries after the first attempt (502, 503, 504, network errors, timeouts); default 2
    :param max_retry_time: seconds bounding the whole call, attempts and waits together; default 15
    :param retry_base_delay: first backoff cap in seconds; each retry doubles it (full jitter); default 0.25
    :param retry_max_delay: largest backoff cap in seconds; default 4
    :param retry_on_429: also retry 429 ``BURST_LIMIT_EXCEEDED`` after its Retry-After, when that fits in
        ``max_retry_time``; default False
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: float = 5.0,
        retries: int = 2,
        max_retry_time: float = 15.0,
        retry_base_delay: float = 0.25,
        retry_max_delay: float = 4.0,
        retry_on_429: bool = False,
        opener: Optional[urllib.request.OpenerDirector] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = (base_url or os.environ.get("HUMA_URL") or DEFAULT_BASE_URL).rstrip("/")
        self._key = api_key if api_key is not None else os.environ.get("HUMA_API_KEY", "")
        self._timeout = timeout
        self._max_retry_time = max_retry_time
        self._retry = RetryPolicy(retries, retry_base_delay, retry_max_delay, retry_on_429)
        self._opener = opener or urllib.request.build_opener()
        self._sleep = sleep

    def __repr__(self) -> str:  # never the key
        return f"HumaClient(base_url={self.base_url!r})"

    # -- POY Verify ------------------------------------------------------------------------------

    def verify(self, user_id: str, action: Optional[str] = None) -> Json:
        """``POST /v1/verify``: whether ``user_id`` is an enrolled, verified human. Answers
        ``{"verified": True, "human_status": "confirmed", "trust_score", "enrollment_active",
        "verified_since", "checks"}`` or ``{"verified": False, "human_status": "unconfirmed",
        "trust_score": 0, "reason": "no_enrollment"}``. Needs the ``verify`` scope."""
        body: Json = {"user_id": user_id}
        if action is not None:
            body["action"] = action
        return self._call("POST", "/v1/verify", body)

    def stamp(self, content_hash: str, user_id: str, type: str) -> Json:  # noqa: A002 (the contract's name)
        """``POST /v1/stamp``: stamps a SHA-256 (see :func:`hash_content`) as made by ``user_id``, who must
        be enrolled and recently verified (else ``CREATOR_NOT_VERIFIED``). ``type`` is one of
        STAMP_TYPES. Answers ``{"stamped": True, "stamp_id", "content_hash", "signature", "timestamp",
        "human_verified"}``. The content itself is never sent. Needs the ``stamp`` scope."""
        return self._call(
            "POST", "/v1/stamp", {"content_hash": content_hash, "user_id": user_id, "type": type}
        )

    def check_stamp(self, content_hash: str, signature: str) -> Json:
        """``POST /v1/stamp/check``: whether ``signature`` is a genuine stamp of ``content_hash``. Answers
        ``{"verified", "human_verified", "stamp_age_seconds", "content_integrity": "intact" | "modified",
        "creator_trust_score", ...}``; a forged or unknown signature is ``verified: False`` (not an
        error). Needs the ``stamp`` scope."""
        return self._call(
            "POST", "/v1/stamp/check", {"content_hash": content_hash, "signature": signature}
        )

    def trust(self, user_id: str) -> Json:
        """``GET /v1/trust/{user_id}``: the user's trust score, ``{"user_id", "trust_score", "max_score",
        "signals": {name: {"verified", "points"}}, "verified_since", "last_verified"}``. Needs the
        ``trust`` scope."""
        return self._call("GET", "/v1/trust/" + urllib.parse.quote(user_id, safe=""), None)

    # -- the wire --------------------------------------------------------------------------------

    def _call(self, method: str, path: str, body: Optional[Json]) -> Json:
        deadline = time.monotonic() + self._max_retry_time
        payload = None if body is None else json.dumps(body).encode("utf-8")
        last: Optional[HumaError] = None
        attempt = 1
        while True:
            remaining = deadline - time.monotonic()
            timeout = max(0.001, min(self._timeout, remaining))
            outcome = self._send(method, path, payload, timeout, attempt)
            if not isinstance(outcome, HumaError):
                return outcome
            # an attempt cut short by the overall bound tells nothing new: report the last real answer
            if outcome.code == "TIMEOUT" and remaining < self._timeout and last is not None:
                raise last
            last = outcome
            wait = retry_delay(self._retry, outcome, attempt)
            if wait is None or time.monotonic() + wait >= deadline:
                raise outcome
            self._sleep(wait)
            attempt += 1

    def _send(self, method: str, path: str, payload: Optional[bytes], timeout: float, attempts: int):
        """One attempt: the parsed JSON object of a 2xx, or the HumaError it amounts to."""
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        request = urllib.request.Request(
            self.base_url + path, data=payload, headers=headers, method=method
        )
        try:
            with self._opener.open(request, timeout=timeout) as response:
                status, retry_header, text = response.status, response.headers.get("Retry-After"), response.read()
        except urllib.error.HTTPError as answer:
            try:
                text = answer.read()
            except (OSError, socket.timeout):
                text = b""
            status, retry_header = answer.code, answer.headers.get("Retry-After")
        except (socket.timeout, TimeoutError):
            return HumaError(0, "TIMEOUT", f"no answer from Huma within {timeout:g} s", None, attempts)
        except urllib.error.URLError as failure:
            if isinstance(failure.reason, (socket.timeout, TimeoutError)):
                return HumaError(0, "TIMEOUT", f"no answer from Huma within {timeout:g} s", None, attempts)
            return HumaError(0, "NETWORK_ERROR", f"cannot reach Huma at {self.base_url}", None, attempts)
        except (OSError, ValueError, http.client.HTTPException) as failure:
            # a reset connection, an answer cut short or not HTTP at all, a bad URL
            return HumaError(
                0, "NETWORK_ERROR", f"cannot reach Huma at {self.base_url} ({failure})", None, attempts
            )
        parsed = _json_object(text)
        if 200 <= status < 300 and parsed is not None:
            return parsed
        retry_after = parse_retry_after(retry_header)
        if parsed is not None and isinstance(parsed.get("error"), str) and isinstance(parsed.get("message"), str):
            return HumaError(status, parsed["error"], parsed["message"], retry_after, attempts)
        return HumaError(
            status, "UNEXPECTED_RESPONSE", f"unexpected answer from Huma: HTTP {status}", retry_after, attempts
        )


def _json_object(raw: bytes) -> Optional[Json]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None
