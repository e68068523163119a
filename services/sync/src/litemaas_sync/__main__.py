from litemaas_servicekit.runner import main
from litemaas_sync.bootstrap import SPEC

raise SystemExit(main(SPEC))
