"""The one error type the client raises, as the Node client's HumaError (sdk/errors.ts)."""
from __future__ import annotations

import math
import time
from email.utils import parsedate_to_datetime
from typing import Optional

#: Codes the client adds to the API's own: no answer at all (status 0), or an answer that was not Huma's.
CLIENT_ERROR_CODES = ("NETWORK_ERROR", "TIMEOUT", "UNEXPECTED_RESPONSE")


class HumaError(Exception):
    """An API error (``code`` as the server sent it: ``SCOPE_NOT_ALLOWED``, ``BURST_LIMIT_EXCEEDED``...),
    or a failure to get an answer (``NETWORK_ERROR``, ``TIMEOUT``: status 0; ``UNEXPECTED_RESPONSE``).

    :ivar status: the HTTP status; 0 when no response arrived
    :ivar code: the error code
    :ivar message: for people; names the field at fault
    :ivar retry_after: seconds the server asked us to wait (``Retry-After``), or None
    :ivar attempts: how many requests were sent before giving up
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        retry_after: Optional[float] = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.attempts = attempts

    def __str__(self) -> str:
        return f"{self.code} ({self.status}): {self.message}"

    def __repr__(self) -> str:
        return (
            f"HumaError(status={self.status!r}, code={self.code!r}, message={self.message!r}, "
            f"retry_after={self.retry_after!r}, attempts={self.attempts!r})"
        )


def parse_retry_after(header: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if header is None or header.strip() == "":
        return None
    text = header.strip()
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    if seconds is not None:
        return max(0.0, seconds) if seconds == seconds and seconds != float("inf") else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return float(max(0, math.ceil(when.timestamp() - current)))
