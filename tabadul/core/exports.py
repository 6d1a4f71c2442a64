"""Every CSV and Excel file the platform writes is written here, so text typed by an editor never becomes a live
formula in the spreadsheet of whoever opens the file (CSV or formula injection, OWASP).

- CSV: a text cell that a spreadsheet would read as a formula is written with a leading apostrophe (`safe_cell`).
- Excel: such a cell is stored as text, never as a formula, with Excel's own quote-prefix flag (what a person
  typing an apostrophe before it gets): the text stays exactly as typed, so the Meter export → edit → import round
  trip changes nothing, and it stays text when someone edits the cell.

Both write rows as they come (`csv_lines` is a generator, workbooks are openpyxl write-only), so a national export
holds one chunk of rows in memory whatever its size. `core/tests/test_exports.py` fails when a module other than
this one writes CSV or Excel.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

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
        yield mark + writer.writerow([safe_cell(value) for value in row])
        mark = ""


# --- Excel --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One worksheet: lines above the table (a title, a date), a bold header row, then the rows as they come."""

    title: str
    header: Sequence
    rows: Iterable[Sequence] = ()
    above: Sequence[Sequence] = ()
    widths: Sequence[float] = ()  # of the columns, from the first
    right_to_left: bool = True
    freeze_header: bool = False
    # Cell ranges that accept only whole numbers between two bounds, e.g. {"N2:N5000": (0, 100)}.
    whole_numbers: dict[str, tuple[int, int]] = field(default_factory=dict)


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


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet.title[:31])  # Excel's longest sheet name
    # A write-only sheet takes its layout before its first row.
    worksheet.sheet_view.rightToLeft = sheet.right_to_left
    for index, width in enumerate(sheet.widths, start=1):
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


def _cell(worksheet, value, *, bold: bool = False):
    if getattr(value, "tzinfo", None) is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones: the clock time is written as given
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
