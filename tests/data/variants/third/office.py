"""Helpers to write .docx/.xlsx documents with real merges (scratch, review only)."""
from docx import Document
from openpyxl import Workbook

def covered(merges):
    out = set()
    for r0, c0, r1, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    out.add((r, c))
    return out

def add_table(doc, rows, merges):
    width = max(len(r) for r in rows)
    cov = covered(merges)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            assert (v is None) == ((r, c) in cov), (r, c, v)
    t = doc.add_table(rows=len(rows), cols=width)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v:
                parts = v.split("\n")
                cell = t.cell(r, c)
                cell.text = parts[0]
                for p in parts[1:]:
                    cell.add_paragraph(p)
    for r0, c0, r1, c1 in merges:
        t.cell(r0, c0).merge(t.cell(r1, c1))
    return t

def write_docx(path, blocks):
    """blocks: list of ('p', text) | ('table', rows, merges) | ('break',)"""
    doc = Document()
    for b in blocks:
        if b[0] == "p":
            doc.add_paragraph(b[1])
        elif b[0] == "table":
            add_table(doc, b[1], b[2])
        elif b[0] == "break":
            doc.add_page_break()
    doc.save(path)

def write_xlsx(path, sheets):
    """sheets: list of (title, rows, merges); rows with None for covered cells."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows, merges in sheets:
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None and v != "":
                    ws.cell(r, c, v)
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)
