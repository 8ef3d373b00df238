"""``argmine schema``: print the packaged default schema (or a model's), to start a new debate's schema from."""

from __future__ import annotations

import click

from ._common import PathParam, check_output, model_path, open_output, quiet_option, refuse_foreign_output, run_guarded


def _schema_toml(path: str) -> bool:
    """Whether the file ``path`` is a schema TOML (a ``[schema]`` table or ``[[themes]]``), as ``argmine schema`` writes
    one: the packaged schema, a model's own, or either since edited (the schema -o replaces)."""
    import os
    import tomllib

    from ..schema import MAX_SCHEMA_BYTES

    try:
        if os.path.getsize(path) > MAX_SCHEMA_BYTES:
            return False
        with open(path, "rb") as fh:
            data = tomllib.loads(fh.read().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # ValueError: not UTF-8, or not TOML
        return False
    return "schema" in data or "themes" in data


@click.command("schema")
@click.option("--model", default=None, metavar="M", callback=model_path, help="A model directory (written by 'argmine train'): its own schema.toml; 'lexicon' (the lexicon backend) prints the packaged schema.")
@click.option("-o", "--output", default="-", show_default=True, type=PathParam(allow_dash=True, readable=False),
              help="File to write ('-' = stdout); it replaces a schema TOML or an empty file there, and refuses any other file.")
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
        from ..backends.base import broken_model_file, read_model_config
        from ..backends.cues import SCHEMA_FILE
        from ..read import shown_path

        read_model_config(model, or_name=True)  # one line for a folder that is not a model
        check_output(output, also=[str(Path(model) / SCHEMA_FILE)])
        try:
            text = (Path(model) / SCHEMA_FILE).read_text("utf-8")
        except FileNotFoundError:  # worded as the backends word it (a link to nothing too)
            raise broken_model_file(model, SCHEMA_FILE) or ModelError(
                E_MODEL_INCOMPLETE.format(path=shown_path(model), what=f"missing {SCHEMA_FILE}")) from None
        except PermissionError as e:  # there, but not this user's to read: not a model to retrain
            from ..backends.base import unreadable_model_file

            raise unreadable_model_file(shown_path(Path(model) / SCHEMA_FILE), e) from None
        except (OSError, UnicodeDecodeError) as e:
            broken = broken_model_file(model, SCHEMA_FILE)  # a loop of links
            if broken:
                raise broken from None
            what = f"{SCHEMA_FILE} cannot be read ({getattr(e, 'strerror', None) or e})"
            raise ModelError(E_MODEL_INCOMPLETE.format(path=shown_path(model), what=what)) from None
    # a file that is not a schema (notes, another command's output) is not replaced: as one in an input folder is not
    refuse_foreign_output(output, "'argmine schema'", "a schema TOML file", _schema_toml)
    with open_output(output) as fh:
        fh.write(text)
