"""``argmine agreement``: Cohen's kappa between two annotation passes."""

from __future__ import annotations

import json
import sys

import click

from ._common import EXIT_INPUT, echo_error, echo_warning, run_guarded


@click.command("agreement")
@click.argument("a", type=click.Path(exists=True, dir_okay=False))
@click.argument("b", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@click.option("--schema", type=click.Path(exists=True, dir_okay=False), default=None, help="Schema TOML (default: the packaged Alipay schema).")
@run_guarded
def command(a, b, fmt, schema):
    """Cohen's kappa per theme (presence) and for sentiment between passes A and B.

    Units are matched by document and offsets; units only one pass labelled
    are listed.

    \b
    Example:
      argmine agreement annotations/pass_a.jsonl annotations/pass_b.jsonl
    """
    from ..annotations import agreement, format_agreement, load_gold
    from ..schema import load_schema

    sch = load_schema(schema)
    result = agreement(load_gold(a, sch), load_gold(b, sch), sch, names=(a, b))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_agreement(result))
    if result["unmatched_a"] or result["unmatched_b"]:
        echo_warning(f"{len(result['unmatched_a'])} units only in {a}, {len(result['unmatched_b'])} only in {b}")
    if not result["n"]:
        echo_error(f"{a} and {b} share no unit (same document and offsets); there is nothing to compare")
        sys.exit(EXIT_INPUT)
