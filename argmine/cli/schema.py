"""``argmine schema``: print the packaged default schema (or a model's), to start a new debate's schema from."""

from __future__ import annotations

import sys

import click

from ._common import PathParam, check_output, run_guarded


@click.command("schema")
@click.option("--model", default=None, metavar="DIR", help="A model directory (written by 'argmine train'): its own schema.toml.")
@click.option("-o", "--output", default="-", show_default=True, type=PathParam(allow_dash=True, readable=False),
              help="File to write ('-' = stdout).")
@run_guarded
def command(model, output):
    """Print the packaged default schema TOML, or a model's own, with --model.

    The packaged schema (argmine/schemas/alipay.toml, comments included) is
    the place to start a new debate's schema from; a model's schema.toml is
    the one to change for the next labelling round.  See docs/schema.md.

    \b
    Examples:
      argmine schema -o mine.toml
      argmine schema --model models/round1 -o round2.toml
    """
    from pathlib import Path

    from .._files import write_text
    from ..errors import E_WRITE_OUTPUT, InputError, ModelError
    from ..schema import default_schema_text

    if model is None or model == "lexicon":  # the lexicon backend reads the packaged schema
        text = default_schema_text()
    else:
        from ..backends.base import read_model_config
        from ..backends.cues import SCHEMA_FILE

        read_model_config(model, or_name=True)  # one line for a folder that is not a model
        path = Path(model) / SCHEMA_FILE
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ModelError(f"{path}: cannot be read ({getattr(e, 'strerror', None) or e}); "
                             "the model directory is incomplete: train it again") from None
    check_output(output)
    if output == "-":
        sys.stdout.write(text)
        return
    try:
        write_text(output, text)
    except OSError as e:
        raise InputError(output, E_WRITE_OUTPUT.format(reason=e.strerror or e)) from None
