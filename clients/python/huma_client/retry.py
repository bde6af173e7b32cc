"""When to try again, as the Node client's retry policy (sdk/retry.ts): transient failures back off
exponentially with full jitter; 4xx never retry, but for 429 BURST_LIMIT_EXCEEDED when asked."""
from __future__ import annotations

import random as _random
from dataclasses import dataclass
from typing import Callable, Optional

from .errors import HumaError

#: Statuses that say "not now" about the server, not "no" about the request. 0 = no response.
TRANSIENT_STATUSES = frozenset({0, 502, 503, 504})
#: The one 429 a short wait cures: the key's per-minute window. USER_FLOOD_DETECTED is a verdict on the
#: user, MONTHLY_LIMIT_EXCEEDED and STAMP_LIMIT_EXCEEDED last until next month.
WAITABLE_429 = "BURST_LIMIT_EXCEEDED"


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 2
    base_delay: float = 0.25
    max_delay: float = 4.0
    retry_on_429: bool = False


def retry_delay(
    policy: RetryPolicy,
    error: HumaError,
    attempt: int,
    random: Callable[[], float] = _random.random,
) -> Optional[float]:
    """Seconds to wait before attempt ``attempt + 1``, or None to give up. Full jitter (a uniform wait
    below an exponentially growing cap) keeps many clients from retrying in lockstep after an outage."""
    if attempt > policy.retries:
        return None
    if error.status in TRANSIENT_STATUSES:
        cap = min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1))
        return random() * cap
    if (
        error.status == 429
        and policy.retry_on_429
        and error.retry_after is not None
        and error.code == WAITABLE_429
    ):
        return error.retry_after
    return None
