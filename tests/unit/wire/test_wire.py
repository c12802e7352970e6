from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.wire import (
    BLOB_BUCKETS,
    ENVELOPE_BUCKETS,
    KEM_ONE_TIME_PREKEYS_MAX,
    KEM_PREKEY_BATCH_MAX,
    KEM_PUBLIC_KEY_LEN,
    BlobRef,
    Delivery,
    KemPreKey,
    PreKeyBundleData,
    blob_bucket,
    envelope_bucket,
    kem_prekey_signing_message,
    prekey_signing_message,
    signing_message,
)


def test_envelope_buckets_are_the_design_sizes() -> None:
    assert ENVELOPE_BUCKETS == (1024, 4096, 16384, 65536)


@given(st.integers(min_value=0, max_value=70_000))
def test_envelope_bucket_is_the_smallest_that_fits(length: int) -> None:
    bucket = envelope_bucket(length)
    if length > ENVELOPE_BUCKETS[-1]:
        assert bucket is None
    else:
        assert bucket is not None and bucket >= length
        assert all(smaller < length for smaller in ENVELOPE_BUCKETS if smaller < bucket)


@given(st.integers(min_value=0, max_value=BLOB_BUCKETS[-1] + 10))
def test_blob_bucket_is_the_smallest_that_fits(length: int) -> None:
    bucket = blob_bucket(length)
    if length > BLOB_BUCKETS[-1]:
        assert bucket is None
    else:
        assert bucket in BLOB_BUCKETS and bucket >= length
        assert all(smaller < length for smaller in BLOB_BUCKETS if smaller < bucket)


def test_blob_buckets_grow_and_end_at_the_cap() -> None:
    assert list(BLOB_BUCKETS) == sorted(set(BLOB_BUCKETS))
    assert BLOB_BUCKETS[0] == 64 * 1024 and BLOB_BUCKETS[-1] == 100 * 1024 * 1024


REQUEST = ("POST", "/v1/mailboxes/ab/ack", "wait=1", b"{}", 1700000000, "00" * 16)


@pytest.mark.parametrize("field", range(len(REQUEST)))
def test_signing_message_depends_on_every_field(field: int) -> None:
    changed: list[Any] = list(REQUEST)
    original = changed[field]
    changed[field] = original + 1 if isinstance(original, int) else original + original[:1]
    assert signing_message(*changed) != signing_message(*REQUEST)


def test_signing_message_fields_cannot_slide_into_each_other() -> None:
    # "/a" + "b=1" and "/ab" + "=1" must not sign the same bytes.
    assert signing_message("GET", "/a", "b=1", b"", 1, "n") != signing_message(
        "GET", "/ab", "=1", b"", 1, "n"
    )


def test_reprs_hide_payload_and_token() -> None:
    assert "secret" not in repr(BlobRef("id", "secret"))
    assert "plaintext" not in repr(Delivery("id", b"plaintext", 1.0))


def test_kem_prekey_limits_and_signing_message() -> None:
    assert (KEM_PUBLIC_KEY_LEN, KEM_PREKEY_BATCH_MAX, KEM_ONE_TIME_PREKEYS_MAX) == (1184, 20, 200)
    key = bytes(range(256)) * 4 + bytes(160)
    assert kem_prekey_signing_message(key) == b"Bisik_KEMPreKey_v1" + key
    assert kem_prekey_signing_message(key[:32]) != prekey_signing_message(key[:32])


def test_a_kem_prekeys_repr_hides_its_bytes_and_bundles_default_to_none() -> None:
    kem = KemPreKey(3, b"Z" * KEM_PUBLIC_KEY_LEN, b"k" * 64, last_resort=True)
    text = repr(kem)
    assert "3" in text and "last resort" in text and len(text) < 80
    assert "ZZ" not in text and "5a5a" not in text and "kk" not in text
    bundle = PreKeyBundleData(b"i" * 32, 1, b"s" * 32, b"g" * 64, None, None)
    assert bundle.kem_prekey is None
    assert PreKeyBundleData(b"i" * 32, 1, b"s" * 32, b"g" * 64, None, None, kem).kem_prekey == kem
