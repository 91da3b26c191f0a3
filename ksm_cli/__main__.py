from ksm_cli.cli.app import main

main()
