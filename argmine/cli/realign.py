"""``argmine realign``: re-anchor gold labels to the current segmentation."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import inflect
from ._common import (EXIT_INPUT, PathParam, RecordFailures, _refuse_folder, check_output, echo_error, echo_line, gold_file, input_options,
                      not_stdout, open_output, outputs_together, run_guarded)


@click.command("realign")
@click.argument("gold", type=PathParam(reads=True, readable=False), callback=gold_file)  # missing, a folder, unreadable: one line, exit 1 (load_gold)
@input_options(quiet_help="No progress bars, summary line or notes (errors and warnings are still printed, and the summary line "
                          "when a record did not align or could not be read).")
@click.option("-o", "--output", required=True, type=PathParam(readable=False),
              callback=not_stdout("realign writes two files, OUTPUT and OUTPUT.unaligned.jsonl beside it", "a file"), help="New gold JSONL (records that no longer align go to OUTPUT.unaligned.jsonl).")
@run_guarded
def command(gold, inputs, output):
    """Re-anchor GOLD labels to the units the segmenter cuts from PATHS now.

    A record keeps its labels when a unit of its document has the same
    text (read without invisible characters such as U+200B: copies that
    differ only in them are one text, matched in order, and so are texts in
    the other script); where the text occurs several times, it takes the occurrence
    nearest its old offset moved as its neighbours moved (a prepended line
    shifts them all), and two records share a unit only if they had the same
    offsets (reordered paragraphs align).  A record keeps its kind: text found
    only in a unit of another kind is taken there, with one warning per
    document, only where two or more of the document's records of that kind
    changed kind, and more of them than kept it (a lost 评论 heading); a
    single one (a reply quoting an edited sentence's old wording) is not
    taken.  Every record that
    no longer aligns is printed with the reason and written, unchanged, to
    OUTPUT.unaligned.jsonl; none is dropped (an earlier run's
    OUTPUT.unaligned.jsonl is removed when every record aligns).  A record that cannot be read
    (a field of the wrong type, offsets that do not span its text) is printed
    with its line and is in neither file: fix it in GOLD (--strict stops at
    it).  Exit code 1 if any did not align or could not be read; a GOLD with
    no record (an empty file) is one line, exit 1, and nothing is written or removed.

    \b
    Example:
      argmine realign annotations/gold.jsonl corpora/ -o annotations/gold.jsonl.new
    """
    from ..annotations import load_gold, realign
    from ..read import shown_path

    for out in (output, f"{output}.unaligned.jsonl"):  # before the work: neither may be GOLD or an input
        check_output(out, inputs, also=(gold,))
        _refuse_folder(out)  # -o out/: one line now, not after the work
    failed = RecordFailures(strict=inputs.strict)  # one line each; the other records are realigned (--strict stops at the first)
    records = load_gold(gold, on_error=failed.handler(gold))
    failed.require(gold, records, "realign")
    unread = failed.total
    units = list(inputs.units())
    inputs.require_documents("realign")  # before anything is written: the previous OUTPUT (and its .unaligned.jsonl) are left as they were
    aligned, lost = realign(records, units, inputs.big5_docs, granularity=inputs.granularity)
    lost_path = Path(f"{output}.unaligned.jsonl")
    stale = _write_outputs(output, aligned, lost, lost_path)
    for u in lost:
        echo_error(f"{shown_path(gold)}: {u.record.id} ({u.record.doc} {u.record.start}..{u.record.end}) no longer aligns: {u.reason}")
    unmoved = {id(u.record) for u in lost}
    moved = sum((r.id, r.start, r.end) != (old.id, old.start, old.end)  # in this run: realigned_from may be an earlier run's
                for old, r in zip((o for o in records if id(o) not in unmoved), aligned))
    if not inputs.quiet or lost or unread:  # -q: the summary of a run where every record aligned is left out
        echo_line(f"argmine: {len(aligned)} of {len(records) + unread} gold records aligned ({moved} moved), {len(lost)} did not"
                  + (f" (see {shown_path(str(lost_path))})" if lost else "")
                  + (f" (removed {shown_path(str(lost_path))}, an earlier run's)" if stale else "")
                  + (f", {unread} could not be read and {inflect(unread, 'is', 'are')} in neither file (fix {inflect(unread, 'it', 'them')} in {shown_path(gold)})"
                     if unread else ""))
    inputs.finish()
    if lost or unread:
        raise SystemExit(EXIT_INPUT)


def _write_outputs(output: str, aligned, lost, lost_path: Path) -> bool:
    """Write OUTPUT and, when records did not align, ``lost_path`` beside it, put in place together (:func:`outputs_together`).

    A stop signal or a write error before the renames leaves both files as
    they were, and no partial file under either name.  When every record
    aligned, an earlier run's ``lost_path`` is removed once OUTPUT is in place
    (merged with OUTPUT it would repeat records, anchored to an older source);
    returns whether it was.
    """
    from .._files import stop_signals_held

    stale = not lost and lost_path.is_file()
    together, done = None, False
    try:
        with outputs_together() as together:
            with open_output(output, together=together) as fh:
                fh.write(_jsonl(r.to_dict() for r in aligned))
            if lost:
                with open_output(str(lost_path), together=together) as fh:
                    fh.write(_jsonl({**u.record.to_dict(), "reason": u.reason} for u in lost))
        done = True
    finally:  # a stop signal that came during the renames is raised after them: the new OUTPUT is in place all the same
        with stop_signals_held():
            if stale and (done or together is not None and together.replaced):
                lost_path.unlink(missing_ok=True)
    return stale


def _jsonl(records) -> str:
    """One JSON object a line, UTF-8 text as it is (as :func:`argmine.annotations.write_gold` writes gold)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
