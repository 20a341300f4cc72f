"""Callbacks, one module per page (same file name as in pages/) plus the shell's.

Each module has `register(app)`, so every app built by `create_app` gets its own callbacks
(tests build many apps in one process; `dash.callback` would bind them to the first only).
"""

from callbacks import shell

MODULES = (shell,)


def register_all(app) -> None:
    for module in MODULES:
        module.register(app)
