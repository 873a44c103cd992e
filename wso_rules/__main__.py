"""`python -m wso_rules` and the `wso-rules` command.

The command's modules, their classes and the pydantic machinery they build live as long as the
process, so the collector is kept off while they are imported and they are then frozen out of its
way (`gc.freeze`): a cold check otherwise spends several milliseconds collecting nothing. Only the
command does this; importing `wso_rules` as a library leaves the collector alone (only
`Evaluator.reports` pauses it, for the length of its call).
"""

import gc
import sys


def run() -> int:
    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        gc.enable()
    return main()


if __name__ == "__main__":
    sys.exit(run())
