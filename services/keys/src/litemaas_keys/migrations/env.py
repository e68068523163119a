from litemaas_keys.adapters.tables import metadata
from litemaas_servicekit.migrations import run_env

run_env(metadata)
