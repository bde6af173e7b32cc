"""Huma's Python client for the POY Verify API (verify, stamp, check a stamp, trust).

    from huma_client import HumaClient, HumaError, hash_content

    huma = HumaClient("huma_live_...", base_url="https://huma.example.com")
    stamp = huma.stamp(hash_content("essay.txt"), user_id="user_123", type="text")

The standard library only. Errors and retries as the Node client's (sdk/errors.ts, sdk/retry.ts).
"""
from .client import DEFAULT_BASE_URL, STAMP_TYPES, HumaClient
from .content import hash_content
from .errors import CLIENT_ERROR_CODES, HumaError, parse_retry_after
from .retry import RetryPolicy, retry_delay

__all__ = [
    "CLIENT_ERROR_CODES",
    "DEFAULT_BASE_URL",
    "STAMP_TYPES",
    "HumaClient",
    "HumaError",
    "RetryPolicy",
    "hash_content",
    "parse_retry_after",
    "retry_delay",
]
__version__ = "0.1.0"
