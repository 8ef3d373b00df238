"""``argmine agreement``: Cohen's kappa between two annotation passes."""

from __future__ import annotations

import json
import sys

import click

from ..errors import (H_FAILED_GOLD_FIELDS, W_CUT_AT_OTHER_LEVEL, count_failure, failure_hints, inflect, label_hint, most_failed, plural,
                      too_many_failed)
from ._common import (EXIT_INPUT, PathParam, RecordFailures, check_output, echo_error, echo_warning, gold_file, open_output, output_option,
                      probe_output, quiet_option, run_guarded, warn_output_suffix)

FORMATS = ("table", "json")


@click.command("agreement")
# a missing A or B, a folder, or one that cannot be read (readable=False: not click's usage error) is one line naming it,
# exit 1 (load_gold), as every command reports a missing or unreadable input
@click.argument("a", type=PathParam(reads=True, readable=False), callback=gold_file)
@click.argument("b", type=PathParam(reads=True, readable=False), callback=gold_file)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@output_option()
@click.option("--schema", type=PathParam(dir_okay=False, reads=True), default=None, help="Schema TOML (default: the packaged Alipay schema).")
@quiet_option("No notes on stderr; agreement prints none, so this changes nothing (the results, errors and warnings are still printed).")
@run_guarded
def command(a, b, fmt, output, schema, quiet):
    """Cohen's kappa per theme (presence) and for sentiment between passes A and B.

    Units are matched by document and offsets; units only one pass labelled
    are listed, and a warning names matched units whose texts differ (the
    passes were labelled on different versions of a document: run 'argmine realign'),
    as does one for units with the same document and text at other offsets in
    A and B (the documents changed between the passes).  A record that cannot
    be read is one line (file:line and what is wrong) and is left out, counted
    apart from the units only one pass labelled; the others are compared, and
    the exit code is 1 (when more than half of a pass's records fail, nothing
    is compared, as train and evaluate stop); so is an empty file.  Only each record's own themes and sentiment are
    compared and checked against --schema, not the labels under 'passes'.

    \b
    Examples:
      argmine agreement annotations/pass_a.jsonl annotations/pass_b.jsonl
      argmine agreement annotations/pass_a.jsonl annotations/pass_b.jsonl --format json -o kappa.json
    """
    from collections import Counter

    from ..annotations import agreement, format_agreement, load_gold
    from ..read import shown_path
    from ..schema import load_schema

    check_output(output, also=(a, b, schema))  # before the work: -o A, or an -o that cannot be written, stops here
    probe_output(output)
    warn_output_suffix(output, fmt, FORMATS)  # kappa.json holds the table without --format json
    sch = load_schema(schema)
    failed = RecordFailures()  # a bad record is one line and left out; the others are compared (exit 1 at the end)
    kinds: dict[str, Counter] = {}  # per file, its failed records by what failed (the hint when most failed)

    def handler(path: str):
        report = failed.handler(path)

        def tally(err) -> None:
            count_failure(kinds.setdefault(path, Counter()), err)
            report(err)

        return tally

    left_out: dict[str, list] = {}  # the anchors of the records left out: their units are not "only in" the other pass
    passes = {path: load_gold(path, sch, on_error=handler(path), left_out=left_out.setdefault(path, []))
              for path in dict.fromkeys((a, b))}
    for path, records in passes.items():
        failed.require(path, records, "compare")
    # a pass most of whose records failed (its labels another schema's) leaves a few units whose agreement means nothing
    mostly = [path for path, records in passes.items() if most_failed(failed.counts.get(path, 0), failed.counts.get(path, 0) + len(records))]
    if mostly:
        n = sum(failed.counts[path] for path in mostly)
        echo_error(too_many_failed(
            n, n + sum(len(passes[path]) for path in mostly), what=f"records of {' and '.join(map(shown_path, mostly))}", done="compared",
            why=failure_hints(sch, label_hint(sch), jsonl="gold", fields=H_FAILED_GOLD_FIELDS),
            kinds=sum((kinds.get(path, Counter()) for path in mostly), Counter())))
        sys.exit(EXIT_INPUT)
    na, nb = shown_path(a), shown_path(b)  # as messages name them, the same in every locale
    result = agreement(passes[a], passes[b], sch, names=(na, nb), left_out=(left_out[a], left_out[b]))
    with open_output(output) as fh:  # as evaluate writes its scores
        fh.write((json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else format_agreement(result)) + "\n")
    if result["unmatched_a"] or result["unmatched_b"]:
        echo_warning(f"{plural(len(result['unmatched_a']), 'unit')} only in {na}, {len(result['unmatched_b'])} only in {nb}")
    for fine, coarse, key in ((na, nb, "a"), (nb, na, "b")):
        nested = result["nested"][key]
        if nested:  # clauses of one pass inside sentences of the other: only the sentences that are one clause matched
            spans = dict(zip(result[f"unmatched_{key}"], result["unmatched_spans"][key]))
            shown = [f"{uid} {spans[uid][0]} {spans[uid][1]}..{spans[uid][2]}" for uid in nested]  # ids alone: both levels number doc#n
            echo_warning(W_CUT_AT_OTHER_LEVEL.format(
                what=plural(len(nested), "unit"), fine=fine, lie=inflect(len(nested), "lies", "lie"), coarse=coarse,
                shown=_first_ids(shown, 3), units=plural(result["n"], "unit"), were=inflect(result["n"], "was", "were")))
    differ = result["text_differs"]
    if differ:
        echo_warning(f"{plural(len(differ), 'matched unit')} ({_first_ids(differ)}) {inflect(len(differ), 'has', 'have')} a different text in {na} "
                     f"and {nb} at the same offsets: the passes were labelled on different texts; realign them (argmine realign) "
                     "before comparing")
    moved = result["moved"]
    if moved and result["n"]:
        echo_warning(f"{plural(len(moved), 'unit')} only in {na} ({_first_ids(moved)}) {inflect(len(moved), 'has', 'have')} the document and text of a "
                     f"unit only in {nb} at other offsets: {_realign_hint(a, b, passes)}")
    if not result["n"]:
        also = (f", but {plural(len(moved), 'unit')} of {na} {inflect(len(moved), 'has', 'have')} the document and text of a unit of {nb} "
                f"at other offsets: {_realign_hint(a, b, passes)}") if moved else "; there is nothing to compare"
        echo_error(f"{na} and {nb} share no unit (same document and offsets){also}")
        sys.exit(EXIT_INPUT)
    if failed.total:
        n = failed.total
        echo_error(f"{failed.per_file()} could not be read and {inflect(n, 'was', 'were')} left out (not counted as units only in "
                   "the other pass); the other records were compared")
        sys.exit(EXIT_INPUT)




def _first_ids(ids: list[str], shown: int = 5) -> str:
    """The first ``shown`` unit ids, then ``...`` when there are more (as :func:`argmine.annotations.agreement`'s lines show them).

    >>> _first_ids(["d#1", "d#2", "d#3"], 2)
    'd#1, d#2, ...'
    """
    return ", ".join(ids[:shown]) + (", ..." if len(ids) > shown else "")


def _realign_hint(a: str, b: str, passes: dict) -> str:
    """How to compare passes labelled on two versions of the documents: realign the one not realigned yet to the other's source."""
    from pathlib import Path

    from ..read import shown_path

    old, new = (b, a) if any("realigned_from" in r.meta for r in passes[a]) and not any("realigned_from" in r.meta for r in passes[b]) else (a, b)
    p = Path(old)
    old, new, out = shown_path(old), shown_path(new), shown_path(str(p.with_name(f"{p.stem}.realigned{p.suffix or '.jsonl'}")))
    return (f"the passes were labelled on different versions of the documents; realign {old} to the source {new} was labelled on "
            f"(argmine realign {old} SOURCE -o {out}) and compare {out} with {new}")
