"""Fuzzed inputs and registries end in our errors, never in a traceback (issue 14, Tests).
A few hundred cases here (about a minute in all); benchmarks/fuzz_openers.py runs more."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.schemas.errors import BulletinError
from fuzz_targets import IMAGE_SEEDS, PDF_SEEDS, REGISTRY_SEED, mutated, open_input, read_registry

FUZZ = settings(deadline=None, max_examples=600, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(mutated(PDF_SEEDS))
def test_a_damaged_pdf_is_one_of_our_errors(data: bytes) -> None:
    try:
        open_input(data, ".pdf")
    except BulletinError:
        pass


@FUZZ
@given(mutated(IMAGE_SEEDS), st.sampled_from([".png", ".tif", ".jpg"]))
def test_a_damaged_image_is_one_of_our_errors(data: bytes, suffix: str) -> None:
    try:
        open_input(data, suffix)
    except BulletinError:
        pass


@FUZZ
@given(st.one_of(mutated([REGISTRY_SEED]), st.binary(max_size=200),
                 st.text(max_size=300).map(str.encode)))
def test_a_damaged_registry_is_one_of_our_errors(data: bytes) -> None:
    try:
        read_registry(data)
    except BulletinError:
        pass
