from litemaas_billing.adapters.tables import metadata
from litemaas_servicekit.migrations import run_env

run_env(metadata)
