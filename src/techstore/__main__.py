"""``python -m techstore``: the same as the ``techstore`` command."""

import sys

from techstore.main import main

sys.exit(main())
