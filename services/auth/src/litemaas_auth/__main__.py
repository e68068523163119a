from litemaas_auth.bootstrap import SPEC
from litemaas_servicekit.runner import main

raise SystemExit(main(SPEC))
