import sys

from pdv_bling.cli import main

sys.exit(main())
