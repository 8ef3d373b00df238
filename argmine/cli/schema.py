"""``argmine schema``: print the packaged default schema (or a model's), to start a new debate's schema from."""

from __future__ import annotations

import click

from ._common import PathParam, check_output, model_path, open_output, quiet_option, run_guarded


@click.command("schema")
@click.option("--model", default=None, metavar="M", callback=model_path, help="A model directory (written by 'argmine train'): its own schema.toml; 'lexicon' (the lexicon backend) prints the packaged schema.")
@click.option("-o", "--output", default="-", show_default=True, type=PathParam(allow_dash=True, readable=False),
              help="File to write ('-' = stdout).")
@quiet_option("No notes on stderr; schema prints none, so this changes nothing (errors and warnings are still printed).")
@run_guarded
def command(model, output, quiet):
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

    from ..errors import E_MODEL_INCOMPLETE, ModelError
    from ..schema import default_schema_text

    if model is None or model == "lexicon":  # the lexicon backend reads the packaged schema
        text = default_schema_text()
    else:
        from ..backends.base import read_model_config
        from ..backends.cues import SCHEMA_FILE
        from ..read import shown_path

        read_model_config(model, or_name=True)  # one line for a folder that is not a model
        check_output(output, also=[str(Path(model) / SCHEMA_FILE)])
        try:
            text = (Path(model) / SCHEMA_FILE).read_text("utf-8")
        except FileNotFoundError:  # worded as the backends word it
            raise ModelError(E_MODEL_INCOMPLETE.format(path=shown_path(model), what=f"missing {SCHEMA_FILE}")) from None
        except (OSError, UnicodeDecodeError) as e:
            what = f"{SCHEMA_FILE} cannot be read ({getattr(e, 'strerror', None) or e})"
            raise ModelError(E_MODEL_INCOMPLETE.format(path=shown_path(model), what=what)) from None
    with open_output(output) as fh:
        fh.write(text)
