"""The client against a tiny fake server (http.server): what it sends, what it raises, when it retries."""
from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import tempfile
import threading
import time
import unittest
from pathlib import Path
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

from huma_client import (
    CLIENT_ERROR_CODES,
    HumaClient,
    HumaError,
    RetryPolicy,
    hash_content,
    parse_retry_after,
    retry_delay,
)

KEY = "huma_test_" + "a" * 32

# (status, headers, body bytes, delay seconds)
Answer = Tuple[int, Dict[str, str], bytes, float]


def answer(status: int, body: Any, headers: Optional[Dict[str, str]] = None, delay: float = 0) -> Answer:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return (status, {"Content-Type": "application/json", **(headers or {})}, raw, delay)


def error(status: int, code: str, message: str = "no", headers: Optional[Dict[str, str]] = None) -> Answer:
    return answer(status, {"error": code, "message": message}, headers)


class FakeHuma:
    """Answers each request with the next scripted answer (the last one repeats), and records requests."""

    def __init__(self) -> None:
        self.script: List[Answer] = []
        self.requests: List[Dict[str, Any]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append(
                    {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
                )
                status, headers, raw, delay = (
                    fake.script.pop(0) if len(fake.script) > 1 else fake.script[0]
                )
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = handle_any
            do_POST = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def json(self, index: int = -1) -> Any:
        return json.loads(self.requests[index]["body"])


class ClientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.fake = FakeHuma()
        self.addCleanup(self.fake.close)

    def client(self, **options: Any) -> HumaClient:
        options.setdefault("retry_base_delay", 0.01)
        return HumaClient(KEY, base_url=self.fake.url + "/", **options)


class SendsTheContract(ClientTest):
    def test_verify_posts_the_user_id_and_the_action_under_the_bearer_key(self) -> None:
        verdict = {"verified": False, "human_status": "unconfirmed", "trust_score": 0, "reason": "no_enrollment"}
        self.fake.script = [answer(200, verdict)]
        self.assertEqual(self.client().verify("user_1", action="post"), verdict)
        sent = self.fake.requests[0]
        self.assertEqual((sent["method"], sent["path"]), ("POST", "/v1/verify"))
        self.assertEqual(sent["headers"]["Authorization"], f"Bearer {KEY}")
        self.assertEqual(sent["headers"]["Content-Type"], "application/json")
        self.assertEqual(self.fake.json(), {"user_id": "user_1", "action": "post"})

    def test_verify_leaves_out_an_action_not_given(self) -> None:
        self.fake.script = [answer(200, {"verified": False})]
        self.client().verify("user_1")
        self.assertEqual(self.fake.json(), {"user_id": "user_1"})

    def test_stamp_and_check_send_the_contract_field_names(self) -> None:
        digest = hash_content(b"hello")
        self.fake.script = [answer(200, {"stamped": True, "stamp_id": "stmp_x"}), answer(200, {"verified": True})]
        client = self.client()
        self.assertEqual(client.stamp(digest, "user_1", "text")["stamp_id"], "stmp_x")
        self.assertEqual(self.fake.requests[0]["path"], "/v1/stamp")
        self.assertEqual(self.fake.json(0), {"content_hash": digest, "user_id": "user_1", "type": "text"})
        self.assertTrue(client.check_stamp(digest, "a.b.c")["verified"])
        self.assertEqual(self.fake.requests[1]["path"], "/v1/stamp/check")
        self.assertEqual(self.fake.json(1), {"content_hash": digest, "signature": "a.b.c"})

    def test_trust_gets_the_user_id_escaped_into_the_path(self) -> None:
        self.fake.script = [answer(200, {"trust_score": 0})]
        self.client().trust("team/ann smith?x#1")
        sent = self.fake.requests[0]
        self.assertEqual((sent["method"], sent["path"]), ("GET", "/v1/trust/team%2Fann%20smith%3Fx%231"))
        self.assertEqual(sent["body"], b"")

    def test_takes_the_key_and_url_from_the_environment_and_never_shows_the_key(self) -> None:
        self.fake.script = [answer(200, {"trust_score": 0})]
        saved = {name: os.environ.get(name) for name in ("HUMA_URL", "HUMA_API_KEY")}
        os.environ.update(HUMA_URL=self.fake.url, HUMA_API_KEY=KEY)
        try:
            client = HumaClient()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        client.trust("u")
        self.assertEqual(self.fake.requests[0]["headers"]["Authorization"], f"Bearer {KEY}")
        self.assertNotIn(KEY, repr(client))


class RaisesHumaErrors(ClientTest):
    def test_an_api_error_carries_its_status_code_and_message(self) -> None:
        self.fake.script = [error(403, "SCOPE_NOT_ALLOWED", "this key lacks the trust scope (it has: verify)")]
        with self.assertRaises(HumaError) as caught:
            self.client().trust("u")
        e = caught.exception
        self.assertEqual((e.status, e.code, e.attempts), (403, "SCOPE_NOT_ALLOWED", 1))
        self.assertEqual(e.message, "this key lacks the trust scope (it has: verify)")
        self.assertIn("SCOPE_NOT_ALLOWED", str(e))

    def test_never_retries_a_4xx(self) -> None:
        for status, code in [(400, "INVALID_REQUEST"), (401, "INVALID_API_KEY"), (403, "ORIGIN_NOT_ALLOWED")]:
            self.fake.requests.clear()
            self.fake.script = [error(status, code)]
            with self.assertRaises(HumaError) as caught:
                self.client().verify("u")
            self.assertEqual((caught.exception.code, caught.exception.attempts), (code, 1))
            self.assertEqual(len(self.fake.requests), 1)

    def test_an_answer_that_is_not_huma_json_is_unexpected_response(self) -> None:
        self.fake.script = [(418, {"Content-Type": "text/html"}, b"<h1>proxy</h1>", 0)]
        with self.assertRaises(HumaError) as caught:
            self.client().verify("u")
        self.assertEqual((caught.exception.status, caught.exception.code), (418, "UNEXPECTED_RESPONSE"))
        self.assertIn("UNEXPECTED_RESPONSE", CLIENT_ERROR_CODES)

    def test_a_2xx_that_is_not_a_json_object_is_unexpected_response(self) -> None:
        self.fake.script = [answer(200, [1, 2])]
        with self.assertRaises(HumaError) as caught:
            self.client().verify("u")
        self.assertEqual((caught.exception.status, caught.exception.code), (200, "UNEXPECTED_RESPONSE"))


class Retries(ClientTest):
    def test_retries_503_and_502_then_answers(self) -> None:
        self.fake.script = [
            error(503, "SERVICE_UNAVAILABLE", headers={"Retry-After": "5"}),
            (502, {}, b"bad gateway", 0),
            answer(200, {"verified": False}),
        ]
        self.assertEqual(self.client().verify("u"), {"verified": False})
        self.assertEqual(len(self.fake.requests), 3)

    def test_gives_up_after_the_retries_with_the_last_error_and_its_attempts(self) -> None:
        self.fake.script = [error(503, "SERVICE_UNAVAILABLE", headers={"Retry-After": "5"})]
        with self.assertRaises(HumaError) as caught:
            self.client(retries=3).verify("u")
        e = caught.exception
        self.assertEqual((e.status, e.code, e.attempts, e.retry_after), (503, "SERVICE_UNAVAILABLE", 4, 5.0))
        self.assertEqual(len(self.fake.requests), 4)

    def test_backs_off_with_full_jitter_below_a_doubling_cap(self) -> None:
        waits: List[float] = []
        self.fake.script = [error(503, "SERVICE_UNAVAILABLE")]
        with self.assertRaises(HumaError):
            self.client(retries=4, retry_base_delay=0.1, retry_max_delay=0.3, sleep=waits.append).verify("u")
        self.assertEqual(len(waits), 4)
        for wait, cap in zip(waits, [0.1, 0.2, 0.3, 0.3]):
            self.assertGreaterEqual(wait, 0)
            self.assertLess(wait, cap)

    def test_does_not_retry_a_429_unless_asked(self) -> None:
        self.fake.script = [error(429, "BURST_LIMIT_EXCEEDED", headers={"Retry-After": "1"})]
        with self.assertRaises(HumaError) as caught:
            self.client().verify("u")
        self.assertEqual((caught.exception.code, caught.exception.retry_after), ("BURST_LIMIT_EXCEEDED", 1.0))
        self.assertEqual(len(self.fake.requests), 1)

    def test_with_retry_on_429_waits_out_a_burst_retry_after_then_tries_again(self) -> None:
        waits: List[float] = []
        self.fake.script = [
            error(429, "BURST_LIMIT_EXCEEDED", headers={"Retry-After": "2"}),
            answer(200, {"verified": False}),
        ]
        self.assertEqual(self.client(retry_on_429=True, sleep=waits.append).verify("u"), {"verified": False})
        self.assertEqual(waits, [2.0])

    def test_with_retry_on_429_gives_up_at_once_when_the_wait_passes_the_time_bound(self) -> None:
        self.fake.script = [error(429, "BURST_LIMIT_EXCEEDED", headers={"Retry-After": "60"})]
        with self.assertRaises(HumaError):
            self.client(retry_on_429=True, max_retry_time=5).verify("u")
        self.assertEqual(len(self.fake.requests), 1)

    def test_never_retries_the_429s_a_wait_does_not_cure(self) -> None:
        for code in ["USER_FLOOD_DETECTED", "MONTHLY_LIMIT_EXCEEDED", "STAMP_LIMIT_EXCEEDED"]:
            self.fake.requests.clear()
            self.fake.script = [error(429, code, headers={"Retry-After": "1"})]
            with self.assertRaises(HumaError) as caught:
                self.client(retry_on_429=True).verify("u")
            self.assertEqual(caught.exception.code, code)
            self.assertEqual(len(self.fake.requests), 1)

    def test_retries_network_errors_then_reports_network_error_with_status_0(self) -> None:
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        client = HumaClient(KEY, base_url=f"http://127.0.0.1:{port}", retries=2, retry_base_delay=0.01)
        with self.assertRaises(HumaError) as caught:
            client.verify("u")
        self.assertEqual((caught.exception.status, caught.exception.code), (0, "NETWORK_ERROR"))
        self.assertEqual(caught.exception.attempts, 3)

    def test_an_answer_cut_short_is_a_network_error_and_retried(self) -> None:
        # says 1000 bytes, sends 10 and closes: http.client's IncompleteRead
        self.fake.script = [(200, {"Content-Length": "1000"}, b'{"verified', 0), answer(200, {"ok": True})]
        self.assertEqual(self.client().verify("u"), {"ok": True})
        self.fake.script = [(200, {"Content-Length": "1000"}, b'{"verified', 0)]
        with self.assertRaises(HumaError) as caught:
            self.client(retries=1).verify("u")
        self.assertEqual((caught.exception.status, caught.exception.code), (0, "NETWORK_ERROR"))
        self.assertEqual(caught.exception.attempts, 2)

    def test_times_out_a_slow_answer_as_timeout_and_retries_it(self) -> None:
        self.fake.script = [answer(200, {"verified": False}, delay=1.0), answer(200, {"verified": True})]
        self.assertEqual(self.client(timeout=0.3).verify("u"), {"verified": True})
        self.fake.script = [answer(200, {"verified": False}, delay=1.0)]
        with self.assertRaises(HumaError) as caught:
            self.client(timeout=0.2, retries=1).verify("u")
        self.assertEqual((caught.exception.status, caught.exception.code), (0, "TIMEOUT"))

    def test_bounds_the_whole_call_by_max_retry_time(self) -> None:
        self.fake.script = [error(503, "SERVICE_UNAVAILABLE")]
        started = time.monotonic()
        with self.assertRaises(HumaError):
            self.client(retries=50, retry_base_delay=0.2, retry_max_delay=0.2, max_retry_time=1).verify("u")
        self.assertLess(time.monotonic() - started, 2.5)


class Helpers(unittest.TestCase):
    def test_retry_delay_follows_the_node_clients_policy(self) -> None:
        policy = RetryPolicy(retries=2, base_delay=1, max_delay=10, retry_on_429=False)
        half = lambda: 0.5  # noqa: E731
        self.assertEqual(retry_delay(policy, HumaError(503, "SERVICE_UNAVAILABLE", ""), 1, half), 0.5)
        self.assertEqual(retry_delay(policy, HumaError(0, "TIMEOUT", ""), 2, half), 1.0)
        self.assertIsNone(retry_delay(policy, HumaError(503, "SERVICE_UNAVAILABLE", ""), 3, half))
        self.assertIsNone(retry_delay(policy, HumaError(500, "INTERNAL_ERROR", ""), 1, half))
        burst = HumaError(429, "BURST_LIMIT_EXCEEDED", "", retry_after=3)
        self.assertIsNone(retry_delay(policy, burst, 1, half))
        self.assertEqual(retry_delay(RetryPolicy(2, 1, 10, True), burst, 1, half), 3)

    def test_parse_retry_after_reads_seconds_and_http_dates(self) -> None:
        self.assertEqual(parse_retry_after("7"), 7.0)
        self.assertEqual(parse_retry_after("-3"), 0.0)
        self.assertIsNone(parse_retry_after(None))
        self.assertIsNone(parse_retry_after(" "))
        self.assertIsNone(parse_retry_after("soon"))
        now = 1_800_000_000.0
        self.assertEqual(parse_retry_after(formatdate(now + 30, usegmt=True), now=now), 30.0)
        self.assertEqual(parse_retry_after(formatdate(now - 30, usegmt=True), now=now), 0.0)

    def test_hash_content_hashes_bytes_files_and_streams_alike(self) -> None:
        abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # FIPS 180-2's vector
        self.assertEqual(hash_content(b"abc"), abc)
        self.assertEqual(hash_content(io.BytesIO(b"abc")), abc)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "essay.txt")
            with open(path, "wb") as file:
                file.write(b"a" * 3_000_000)
            expected = hashlib.sha256(b"a" * 3_000_000).hexdigest()
            self.assertEqual(hash_content(path), expected)
            self.assertEqual(hash_content(Path(path)), expected)
            with open(path, "r") as text:
                with self.assertRaises(TypeError):
                    hash_content(text)  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            hash_content(42)  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
