"""Whatever bytes a PDF holds, the PDF reader ends in one of two ways: the grid lines it could
read, or a MalformedSourceError naming the file. Mutations of a real fixture (bytes flipped,
cut, repeated) reach pdfminer's parser and content streams; an alarm stops any case that
hangs. ``make fuzz`` runs it with the long profile beside the table properties
(``pytest tests/fuzz -k pdf`` runs it alone)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fengong.errors import MalformedSourceError
from fengong.ingest.pdf import pdf_source
from tests.fuzz.test_ingest_fuzz import alarm

FIXTURE = (Path(__file__).parents[1] / "data" / "pdf" / "merged-over-page.pdf").read_bytes()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(FIXTURE)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        if not data:
            break
    return bytes(data)


@given(mutated())
def test_a_mutated_pdf_is_read_or_refused_clearly(data: bytes) -> None:
    with alarm(20):
        try:
            source = pdf_source(data, "fuzzed.pdf")
        except MalformedSourceError as err:
            assert err.location is not None and err.location.file == "fuzzed.pdf"
            return
    assert len(source.lines) == len(source.places)
