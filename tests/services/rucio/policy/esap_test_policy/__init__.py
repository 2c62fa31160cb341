"""ESAP test policy package for the loopback Rucio server (tests/services/setup-rucio.sh).

Rucio's `generic` permission policy lets only admin accounts delete or update replication rules.
Data lakes (ESCAPE, ATLAS, ...) run their own policy packages in which the OWNER of a rule may
delete it; ESAP relies on that when a user cancels staging.  This package reproduces exactly that
and nothing else: see permission.py.  schema.py is the generic schema unchanged.

Loaded by `[policy] package = esap_test_policy` in the server's rucio.cfg (single VO); setup-rucio.sh
copies this directory to $BASE/policy/ and puts that on the venv's sys.path with a .pth file.
"""
SUPPORTED_VERSION = ['>=41.0', '<42']   # checked by rucio.common.plugins.check_policy_module_version
