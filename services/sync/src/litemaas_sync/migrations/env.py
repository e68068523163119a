from litemaas_servicekit.migrations import run_env
from litemaas_sync.adapters.tables import metadata

run_env(metadata)
