"""Schema of the ESAP test policy package: Rucio's generic schema, unchanged."""
from rucio.common.schema.generic import *  # noqa: F403
