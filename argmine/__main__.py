"""``python -m argmine``: the ``argmine`` command line, where the console script is not on the PATH.

    python -m argmine analyze corpora/
"""

from argmine.cli import main

if __name__ == "__main__":
    main(prog_name="argmine")  # not "python -m argmine" in usage lines and errors: the command the docs name
