"""``python -m newscrawl.distributed push|status|reset``: see :mod:`newscrawl.distributed.cli`."""

from newscrawl.distributed.cli import main

raise SystemExit(main())
