"""Every CSV and Excel file the platform writes is written here, so text typed by an editor never becomes a live
formula in the spreadsheet of whoever opens the file (CSV or formula injection, OWASP).

- CSV: a text cell that a spreadsheet would read as a formula is written with a leading apostrophe (`safe_cell`).
- Excel: such a cell is stored as text, never as a formula, with Excel's own quote-prefix flag (what a person
  typing an apostrophe before it gets): the text stays exactly as typed, so the Meter export → edit → import round
  trip changes nothing, and it stays text when someone edits the cell.

Both write rows as they come (`csv_lines` is a generator, workbooks are openpyxl write-only, into a temporary file),
so a national export holds one chunk of rows in memory whatever its size. `core/tests/test_exports.py` fails when a
module other than this one writes CSV or Excel or builds the response that sends one.

The shapes every export shares live here too, so an exporter only says what it exports:

- columns: `Column(header, value, width)`, the value read from each row object (a dotted attribute path or a
  function); `Sheet.of(title, columns, objects)` and `table(columns, objects)` turn objects into rows;
- values: numbers stay numbers (a whole `Decimal` becomes an integer, so a round trip reads back what it wrote),
  dates are dates, an aware time is written in the site's time zone (Excel has no time zones; CSV keeps the offset);
- sheets: a bold header, bold totals rows after the table, a title Excel accepts, right to left when the active
  language is (Arabic);
- responses: `csv_response` streams, `xlsx_response` sends a temporary file; both name the file from translated
  words and slugs (`download_name`) and send it as an attachment with an RFC 6266 header (`filename*` in UTF-8).
"""

import csv
import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language_bidi
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

# A cell starting with one of these is a formula to a spreadsheet; the full-width forms are formulas too in
# Excel in a Japanese environment (OWASP www-community issue 1088).
FORMULA_SIGNS = frozenset("=+-@＝＋－＠")
# OWASP also asks for cells starting with a tab or a line break to be quoted.
CONTROL_STARTS = frozenset("\t\r\n")
BOLD = Font(bold=True)
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def formula_like(text: str) -> bool:
    """A formula sign first, or after leading whitespace (LibreOffice can trim it when it opens a CSV)."""
    first = text[:1]
    if first.isspace():
        return first in CONTROL_STARTS or text.lstrip()[:1] in FORMULA_SIGNS
    return first in FORMULA_SIGNS


def safe_cell(value):
    """The value for a CSV cell: formula-like text gets a leading apostrophe; numbers (negative too) stay numbers."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


# --- Columns ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, how its value is read from a row object, its width in Excel.

    `value` is a dotted attribute path ("plan.body.slug"; a missing link gives an empty cell) or a function of the
    row object; left empty, the header is the attribute name (machine-readable exports such as the API's).
    """

    header: str
    value: str | Callable = ""
    width: float | None = None

    def read(self, row):
        if callable(self.value):
            return self.value(row)
        for name in (self.value or self.header).split("."):
            row = getattr(row, name) if row is not None else None
        return row


def headers(columns: Sequence[Column]) -> list[str]:
    return [str(column.header) for column in columns]


def table(columns: Sequence[Column], objects: Iterable) -> Iterator[list]:
    """The rows of `objects` under `columns`, read as they come."""
    for row in objects:
        yield [column.read(row) for column in columns]


# --- CSV ----------------------------------------------------------------------------------------------------


class _Line:
    """A file whose write returns the line, so csv.writer hands each line back instead of storing it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[Sequence]) -> Iterator[str]:
    """Each row as one CSV line, every cell made safe; stream it, or join it for a small file.

    The first line starts with the byte-order mark that makes Excel open the UTF-8 file with its Arabic intact.
    """
    writer = csv.writer(_Line())
    mark = "\ufeff"
    for row in rows:
        yield mark + writer.writerow([safe_cell(_csv_value(value)) for value in row])
        mark = ""


def _csv_value(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).isoformat(sep=" ")  # the site's clock time, with its offset
    return value


# --- Excel --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One worksheet: lines above the table (a title, a date), a bold header row, then the rows as they come."""

    title: str
    header: Sequence
    rows: Iterable[Sequence] = ()
    above: Sequence[Sequence] = ()
    totals: Sequence[Sequence] = ()  # bold rows after the table
    widths: Sequence[float | None] = ()  # of the columns, from the first
    right_to_left: bool | None = None  # None: as the active language (Arabic is right to left)
    freeze_header: bool = False
    # Cell ranges that accept only whole numbers between two bounds, e.g. {"N2:N5000": (0, 100)}.
    whole_numbers: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, title: str, columns: Sequence[Column], objects: Iterable, **options) -> "Sheet":
        """A sheet of `objects` under declared columns (their headers and widths)."""
        widths = [column.width for column in columns]
        return cls(
            title=title,
            header=headers(columns),
            rows=table(columns, objects),
            widths=widths if any(widths) else (),
            **options,
        )

    def lines(self) -> Iterator[Sequence]:
        """Every row of the sheet in order, for the same table as CSV."""
        yield from self.above
        yield self.header
        yield from self.rows
        yield from self.totals


def xlsx_write(handle, sheets: Iterable[Sheet]) -> None:
    """Write the sheets to a binary file (a temporary file keeps a large export out of memory)."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    workbook.save(handle)


def xlsx_bytes(*sheets: Sheet) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(buffer, sheets)
    return buffer.getvalue()


def sheet_title(title) -> str:
    """A title Excel accepts: none of []:*?/\\, at most 31 characters, not empty."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "-"


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet_title(sheet.title))
    # A write-only sheet takes its layout before its first row.
    worksheet.sheet_view.rightToLeft = get_language_bidi() if sheet.right_to_left is None else sheet.right_to_left
    for index, width in enumerate(sheet.widths, start=1):
        if width:
            worksheet.column_dimensions[get_column_letter(index)].width = width
    if sheet.freeze_header:
        worksheet.freeze_panes = f"A{len(sheet.above) + 2}"
    for cells, (low, high) in sheet.whole_numbers.items():
        validation = DataValidation(
            type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True
        )
        validation.add(cells)
        worksheet.data_validations.append(validation)
    for row in sheet.above:
        worksheet.append([_cell(worksheet, value) for value in row])
    worksheet.append([_cell(worksheet, value, bold=True) for value in sheet.header])
    for row in sheet.rows:
        worksheet.append([_cell(worksheet, value) for value in row])
    for row in sheet.totals:
        worksheet.append([_cell(worksheet, value, bold=True) for value in row])


def _cell(worksheet, value, *, bold: bool = False):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: the site's clock time
    elif isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    formula = isinstance(value, str) and formula_like(value)
    if not (formula or bold):
        return value  # the common case stays a plain value: no cell object per value
    cell = WriteOnlyCell(worksheet, value=value)
    if formula:
        cell.data_type = "s"  # openpyxl stores text starting with "=" as a formula
        cell.quotePrefix = True
    if bold:
        cell.font = BOLD
    return cell


# --- The response that sends a file -------------------------------------------------------------------------


def download_name(parts: Iterable, extension: str) -> str:
    """A safe file name from translated words, slugs and numbers: letters (Arabic kept), digits and hyphens only."""
    words = [slugify(str(part), allow_unicode=True) for part in parts if part is not None]
    stem = "-".join(word for word in words if word)[:120].strip("-")
    return f"{stem or 'tabadul'}.{extension}"


def _attachment(response, parts: Iterable, extension: str):
    response["Content-Disposition"] = content_disposition_header(True, download_name(parts, extension))
    return response


def streaming_response(chunks: Iterable[str], *, name: Iterable, extension: str, content_type: str):
    """Text chunks sent as they come, as an attachment (CSV here; the API's JSON downloads too)."""
    response = StreamingHttpResponse((chunk.encode() for chunk in chunks), content_type=content_type)
    return _attachment(response, name, extension)


def csv_response(rows: Iterable[Sequence], *, name: Iterable) -> StreamingHttpResponse:
    """Rows as a streamed CSV file named from `name` (e.g. `[_("reach")]`); `Sheet.lines()` gives a sheet's rows."""
    return streaming_response(csv_lines(rows), name=name, extension="csv", content_type=CSV_TYPE)


def xlsx_response(*sheets: Sheet, name: Iterable) -> FileResponse:
    """A workbook written into a temporary file (memory stays flat) and sent from it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    xlsx_write(handle, sheets)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_TYPE)
    return _attachment(response, name, "xlsx")
