#!/usr/bin/env python3
"""Reads an XLSX with openpyxl (an independent reader) and prints its first sheet as JSON.

Usage: read_xlsx.py FILE. Prints {"rows": [[cell, ...], ...]} where a cell is
{"type": openpyxl's data_type ('n' number, 's' string, 'd' date, 'f' formula, 'b', 'e'),
 "value": the value (a date as ISO 8601 without zone), "format": its number format,
 "is_date": openpyxl's is_date}; an empty cell is null.
"""
import datetime
import json
import sys

import openpyxl


def cell_json(cell):
    if cell.value is None:
        return None
    value = cell.value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        value = value.isoformat()
    return {"type": cell.data_type, "value": value, "format": cell.number_format,
            "is_date": bool(cell.is_date)}


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    sheet = book.worksheets[0]
    rows = [[cell_json(c) for c in row] for row in sheet.iter_rows()]
    json.dump({"rows": rows}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
