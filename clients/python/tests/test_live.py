"""The client against a real Huma server: run when HUMA_URL and HUMA_API_KEY are set (test/python-client.test.ts
starts a server and sets them). HUMA_ENROLLED_USER names a user enrolled under that key (a passed hosted
check with a passkey); HUMA_VERIFY_ONLY_KEY is a key with the `verify` scope only."""
from __future__ import annotations

import os
import unittest

from huma_client import HumaClient, HumaError, hash_content

URL = os.environ.get("HUMA_URL")
KEY = os.environ.get("HUMA_API_KEY")
ENROLLED = os.environ.get("HUMA_ENROLLED_USER")
VERIFY_ONLY = os.environ.get("HUMA_VERIFY_ONLY_KEY")
#: a sandbox key (huma_test_) judges everyone human, so its stamps vouch for no one (docs/stamps.md)
SANDBOX = (KEY or "").startswith("huma_test_")
STRANGER = "never-seen/user 1"  # a slash and a space, escaped into /v1/trust/{user_id}


@unittest.skipUnless(URL and KEY, "set HUMA_URL and HUMA_API_KEY to run against a live server")
class LiveServer(unittest.TestCase):
    def setUp(self) -> None:
        self.huma = HumaClient(KEY, base_url=URL, retries=0)

    def assertRefused(self, call, status: int, code: str) -> HumaError:  # noqa: N802
        with self.assertRaises(HumaError) as caught:
            call()
        self.assertEqual((caught.exception.status, caught.exception.code), (status, code), caught.exception)
        self.assertTrue(caught.exception.message)
        return caught.exception

    def test_verify_answers_the_unenrolled_shape_for_a_user_never_checked(self) -> None:
        self.assertEqual(
            self.huma.verify(STRANGER, action="post"),
            {"verified": False, "human_status": "unconfirmed", "trust_score": 0, "reason": "no_enrollment"},
        )

    def test_trust_of_a_user_nothing_is_known_of_is_404_not_found(self) -> None:
        self.assertRefused(lambda: self.huma.trust(STRANGER), 404, "NOT_FOUND")

    def test_stamp_refuses_a_user_who_is_not_enrolled(self) -> None:
        self.assertRefused(
            lambda: self.huma.stamp(hash_content(b"x"), STRANGER, "text"), 403, "CREATOR_NOT_VERIFIED"
        )

    def test_stamp_refuses_a_hash_that_is_not_sha256_hex_naming_the_field(self) -> None:
        error = self.assertRefused(lambda: self.huma.stamp("abc", STRANGER, "text"), 400, "INVALID_REQUEST")
        self.assertIn("content_hash", error.message)

    def test_a_forged_signature_is_not_verified_and_not_an_error(self) -> None:
        check = self.huma.check_stamp(hash_content(b"x"), "eyJhbGciOiJFZERTQSJ9.e30.AAAA")
        self.assertIs(check["verified"], False)

    def test_an_unknown_key_is_401_invalid_api_key_on_the_first_attempt(self) -> None:
        stranger = HumaClient("huma_live_" + "Z" * 32, base_url=URL)
        error = self.assertRefused(lambda: stranger.trust("u"), 401, "INVALID_API_KEY")
        self.assertEqual(error.attempts, 1)

    @unittest.skipUnless(ENROLLED, "set HUMA_ENROLLED_USER to a user enrolled under HUMA_API_KEY")
    def test_an_enrolled_user_verifies_stamps_and_the_stamp_checks(self) -> None:
        user = str(ENROLLED)
        verdict = self.huma.verify(user, action="post")
        self.assertEqual((verdict["verified"], verdict["human_status"]), (True, "confirmed"))
        self.assertIs(verdict["enrollment_active"], True)
        self.assertGreater(verdict["trust_score"], 0)
        self.assertEqual(
            set(verdict["checks"]), {"biometric_liveness", "device_attestation", "enrollment_valid"}
        )
        self.assertIs(verdict["checks"]["device_attestation"], True)

        trust = self.huma.trust(user)
        self.assertEqual((trust["user_id"], trust["max_score"]), (user, 100))
        self.assertEqual(trust["trust_score"], verdict["trust_score"])
        self.assertIs(trust["signals"]["passkey"]["verified"], True)
        self.assertEqual(sum(s["points"] for s in trust["signals"].values()), trust["trust_score"])

        content = b"An essay a person wrote.\n"
        digest = hash_content(content)
        stamp = self.huma.stamp(digest, user, "text")
        self.assertIs(stamp["stamped"], True)
        self.assertTrue(stamp["stamp_id"].startswith("stmp_"))
        self.assertEqual(stamp["content_hash"], digest)
        self.assertIs(stamp["human_verified"], not SANDBOX)

        check = self.huma.check_stamp(digest, stamp["signature"])
        self.assertEqual((check["verified"], check["content_integrity"]), (True, "intact"))
        self.assertIs(check["human_verified"], not SANDBOX)
        self.assertIs(check.get("sandbox", False), SANDBOX)
        self.assertGreaterEqual(check["stamp_age_seconds"], 0)

        changed = self.huma.check_stamp(hash_content(content + b"!"), stamp["signature"])
        self.assertEqual(changed["content_integrity"], "modified")
        self.assertIs(changed["verified"], False)

    @unittest.skipUnless(VERIFY_ONLY, "set HUMA_VERIFY_ONLY_KEY to a key with the verify scope only")
    def test_a_key_without_the_scope_is_403_scope_not_allowed(self) -> None:
        narrow = HumaClient(VERIFY_ONLY, base_url=URL, retries=0)
        self.assertEqual(narrow.verify(STRANGER)["verified"], False)
        self.assertRefused(lambda: narrow.trust(STRANGER), 403, "SCOPE_NOT_ALLOWED")
        self.assertRefused(
            lambda: narrow.stamp(hash_content(b"x"), STRANGER, "text"), 403, "SCOPE_NOT_ALLOWED"
        )
        self.assertRefused(
            lambda: narrow.check_stamp(hash_content(b"x"), "a.b.c"), 403, "SCOPE_NOT_ALLOWED"
        )


if __name__ == "__main__":
    unittest.main()
