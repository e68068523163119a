import sys

from litemaas_billing.bootstrap import SPEC
from litemaas_servicekit.runner import main

if sys.argv[1:2] == ["replay"]:  # the operators' replay; everything else is servicekit's
    from litemaas_billing.entrypoints.replay_cmd import main as replay

    raise SystemExit(replay(sys.argv[2:]))
raise SystemExit(main(SPEC))
