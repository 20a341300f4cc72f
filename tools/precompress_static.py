"""`make assets`: the compressed copies of every static file (web.static_files), written once
here rather than per request. Builds the app to learn which of Dash's files it serves.

    python -m tools.precompress_static
"""

import logging

import app as migdash
from web import static_files


def main() -> None:
    logging.getLogger(static_files.__name__).setLevel(logging.ERROR)  # "no copies yet": making them
    written = static_files.precompress_all(migdash.create_app())
    print(f"static files: {written} compressed copies written")


if __name__ == "__main__":
    main()
