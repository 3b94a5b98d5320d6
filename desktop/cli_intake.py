"""``onestop import 12345|grid FILE`` and ``onestop export 12345|grid --since DATE --out FILE``: the work-order
intake without the GUI (scheduled tasks, a first bulk load). Messages are English like the rest of the
command line; the files written (error report, export) are Chinese like every output file.

Exit status of ``import``: 0 every row was fine; 3 imported, but some rows were rejected (see --errors);
1 nothing was imported (the file or the mapping was refused, or strict mode met an invalid row).
"""

from __future__ import annotations

import sys

from desktop.services import intake
from desktop.services.errors import Invalid, PermissionDenied, ServiceError
from desktop.services.intake import files

FIELD_NAMES = ", ".join(files.FIELDS)


def _explain(exc: ServiceError) -> str:
    f = exc.facts
    if isinstance(exc, files.NotASpreadsheet):
        return f"{f.get('file')} is not a spreadsheet (looks like: {f.get('detected')}); export .xlsx, .xls or .csv"
    if isinstance(exc, files.EncryptedWorkbook):
        return f"{f.get('file')} is protected by a password: open it in Excel and save it without one"
    if isinstance(exc, files.UnreadableFile):
        return f"cannot read {f.get('file')}: {f.get('detail')}"
    if isinstance(exc, files.EmptyFile):
        return f"{f.get('file')} has no data rows"
    if isinstance(exc, files.NoRecognisableHeaders):
        return (f"no header row found in the first {f.get('rows_scanned')} rows of {f.get('file')}; "
                "give the row with --header-row N and the columns with --mapping FIELD=HEADER")
    if isinstance(exc, files.SheetNotFound):
        return f"no sheet {f.get('sheet')!r}; the sheets are: {', '.join(f.get('sheets', ()))}"
    if isinstance(exc, files.HeaderRowOutOfRange):
        return f"row {f.get('header_row')} is not among the first {f.get('rows')} rows"
    if isinstance(exc, files.TooManyRows):
        return f"the file has more than {f.get('maximum'):,} rows (setting intake_max_rows)"
    if isinstance(exc, intake.MappingIncomplete):
        return (f"no column for: {', '.join(f.get('missing', ()))}; "
                "add --mapping FIELD=HEADER (fields: " + FIELD_NAMES + ")")
    if isinstance(exc, intake.NoFallbackCategory):
        return f"some categories match none of ours and there is no category {f.get('name')!r} to put them in"
    if isinstance(exc, intake.StrictImportRefused):
        return f"strict mode: {f.get('rejected')} of {f.get('total')} rows are invalid, nothing was imported"
    if isinstance(exc, PermissionDenied):
        return "this role may not import work orders"
    if isinstance(exc, Invalid):
        return f"invalid {f.get('field')}: {f.get('reason')} {f.get('value', '')}".rstrip()
    return f"{type(exc).__name__}: {exc}"


def _mapping(opened: intake.OpenedFile, overrides: list[str]) -> dict[str, str]:
    mapping = dict(opened.mapping)
    for item in overrides:
        field, sep, header = item.partition("=")
        field = field.strip()
        if not sep or field not in files.FIELDS:
            raise SystemExit(f"onestop: --mapping takes FIELD=HEADER with FIELD one of: {FIELD_NAMES}")
        if header.strip():
            mapping[field] = header.strip()
        else:
            mapping.pop(field, None)
    return mapping


def _print_rows(rows, limit: int = 20) -> None:
    from desktop.reports.intake import reason_text

    for r in rows[:limit]:
        reasons = "; ".join(reason_text(p.field, p.reason, p.value, p.maximum) for p in r.problems)
        print(f"  row {r.row_no:>6}  {r.work_order_no or '-':<20} {reasons}")
    if len(rows) > limit:
        print(f"  … and {len(rows) - limit} more rows (write them all with --errors OUT.xlsx)")


def run_import(ctx, args) -> int:
    try:
        opened = intake.open_work_order_file(ctx.uow(), source=args.source, path=args.file, sheet=args.sheet,
                                             header_row=args.header_row)
        mapping = _mapping(opened, args.mapping)
        sheet = opened.sheet
        print(f"{sheet.file_name}: {sheet.kind}{' ' + sheet.encoding if sheet.encoding else ''}"
              f"{', sheet ' + sheet.sheet if sheet.sheet else ''}, header in row {sheet.header_row}, "
              f"{len(sheet.rows):,} rows ({sheet.empty_rows} empty rows skipped)")
        for field in files.FIELDS:
            print(f"  {field:<19} <- {mapping.get(field, '(none)')}")
        if args.dry_run:
            preview = intake.preview_import(ctx.uow(), source=args.source, sheet=sheet, mapping=mapping)
            counts, rejected = preview.counts, preview.problems()
            print(f"would create {counts.new}, record {counts.repeat} repeat visits, find {counts.changed} changed "
                  f"and {counts.unchanged} unchanged work orders, reject {counts.rejected} rows; "
                  f"{counts.other_category} go to 其他")
        else:
            result = intake.import_work_orders(ctx.uow(), source=args.source, sheet=sheet, mapping=mapping,
                                               strict=args.strict, apply_updates=args.apply_updates)
            counts, rejected = result.counts, result.rejected_rows
            span = f" ({result.first_case_no} … {result.last_case_no})" if result.created else ""
            if result.resumed:
                print(f"continued the unfinished import batch {result.batch_id} of this file")
            print(f"imported batch {result.batch_id}: created {result.created} cases{span}, recorded "
                  f"{result.repeats} repeat visits, updated {result.updated} of {counts.changed} changed, "
                  f"{counts.unchanged} unchanged, rejected {counts.rejected} rows; "
                  f"{counts.other_category} went to 其他")
    except intake.StrictImportRefused as exc:
        print(f"onestop: {_explain(exc)}", file=sys.stderr)
        if args.errors:
            preview = intake.preview_import(ctx.uow(), source=args.source, sheet=sheet, mapping=mapping)
            _write_errors(ctx, args, preview.problems(), sheet)
        return 1
    except ServiceError as exc:
        print(f"onestop: {_explain(exc)}", file=sys.stderr)
        return 1
    if rejected:
        _print_rows(rejected)
        if args.errors:
            _write_errors(ctx, args, rejected, sheet)
        return 3
    return 0


def _write_errors(ctx, args, rows, sheet) -> None:
    try:
        path = intake.write_error_report(args.errors, rows, sheet, source=args.source, generated_at=ctx.clock.now())
    except Invalid as exc:
        print(f"onestop: cannot write {args.errors}: {exc.facts.get('detail')}", file=sys.stderr)
        return
    print(f"error report: {path} ({len(rows)} rows)")


def run_export(ctx, args) -> int:
    try:
        result = intake.export_results(ctx.uow(), source=args.source, since=args.since, until=args.until,
                                       out=args.out)
    except ServiceError as exc:
        if isinstance(exc, Invalid) and exc.facts.get("reason") == "not_writable":
            print(f"onestop: cannot write {exc.facts.get('value')}: {exc.facts.get('detail')}", file=sys.stderr)
        else:
            print(f"onestop: {_explain(exc)}", file=sys.stderr)
        return 1
    print(f"{result.path}: {result.rows} work orders concluded {result.since} … {result.until}")
    return 0
