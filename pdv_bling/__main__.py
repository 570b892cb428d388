import sys

from pdv_bling.cli.main import main

sys.exit(main())
