"""PDF documents made with Typst (attendance lists, certificates, later reports).

A context keeps its templates as ``.typ`` files in its own ``typst/`` directory and calls
`render` with the template's path and plain data. The data goes to the template as one
JSON string (``#let data = json(bytes(sys.inputs.data))``) and the template places the
strings itself, so user text is never read as Typst markup and needs no escaping.
Only the fonts bundled with Typst are used, so a document looks the same on every machine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typst
from django.core.serializers.json import DjangoJSONEncoder


class PdfError(RuntimeError):
    """A template failed to compile (a fault in the template, not in the user's data)."""


def render(template: str | Path, data: dict[str, Any]) -> bytes:
    """The PDF made by the Typst template at `template` from `data` (dates, decimals and
    lazy translations are turned into strings)."""
    path = Path(template)
    if not path.is_file():
        raise PdfError(f"No Typst template at {path.name}")
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    try:
        return bytes(
            typst.compile(
                str(path),
                root=str(path.parent),
                sys_inputs={"data": payload},
                ignore_system_fonts=True,
            )
        )
    except RuntimeError as error:  # typst raises TypstError, a RuntimeError
        raise PdfError(str(error)) from error
