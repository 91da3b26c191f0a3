"""``python -m ksm_cli``: the same as the ``ksm`` command."""

import sys

try:
    from ksm_cli.cli.app import main  # installs the Ctrl-C handling first thing (see there)
except KeyboardInterrupt:  # Ctrl-C before it was installed
    exec("pass", {})  # noqa: S102 - see ksm_cli.cli.app._forget_caught_interrupt
    sys.stderr.write("Abgebrochen.\n")
    sys.exit(130)

main()
