"""Every pytest run in this repository (tests/, and the law scenarios under policies/, collected
before any fixture runs) leaves the user's library cache alone: no test writes under the home
folder. The cache's own tests turn it on in a temporary folder."""

import os

os.environ["WSO_RULES_CACHE"] = "0"
