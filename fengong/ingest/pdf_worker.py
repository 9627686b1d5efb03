"""The process that reads one PDF for :func:`fengong.ingest.pdf.read_pdf`, under the caps its
parent set: the PDF on stdin, the source as JSON on stdout. A module of its own, so that
``python -m`` runs it without importing it twice."""

from __future__ import annotations

import json
import sys

from fengong.errors import MalformedSourceError
from fengong.ingest.pdf import REFUSED, TOO_BIG, pdf_source, to_json


def main(name: str) -> int:
    """The reading process: the PDF on stdin, the source as JSON on stdout; a refusal's
    message on stderr (exit 3), running out of memory exit 4."""
    data = sys.stdin.buffer.read()
    try:
        source = pdf_source(data, name)
    except MalformedSourceError as err:
        print(err.message, file=sys.stderr)
        return REFUSED
    except MemoryError:
        return TOO_BIG
    out = json.loads(to_json(source))
    out["name"] = name
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
