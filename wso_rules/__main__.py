"""`python -m wso_rules` runs the same command as `wso-rules`."""

import sys

from .cli import main

sys.exit(main())
