"""CSV for German Excel: UTF-8 with BOM, ';' as separator, decimal commas, no formula injection."""

from __future__ import annotations

from collections.abc import Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (int, float)):
        text = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return "0" if text in ("-0", "") else text.replace(".", ",")
    from ksm_cli.render.document import clean

    # People read this file in Excel: control, bidi and invisible characters are shown as in
    # every other output (\u202e); the exact text is in --json.
    text = clean(value)
    # Text that Excel would run as a formula is quoted with a leading apostrophe (OWASP).
    return "'" + text if text.startswith(_FORMULA_START) else text


def excel_csv(header: list[str], rows: Sequence[Sequence[object]], marked: bool = False) -> str:
    """The table as CSV text. ``marked``: a last, empty column headed ``erstellt mit ksm``
    (``outputs.CSV_MARK``), by which ksm recognises the file as its own output."""
    import csv
    import io

    extra: list[str] = []
    if marked:
        from ksm_cli.outputs import CSV_MARK

        extra = [CSV_MARK]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([*header, *extra])
    writer.writerows([*(_cell(v) for v in row), *("" for _ in extra)] for row in rows)
    return "\ufeff" + buffer.getvalue()
