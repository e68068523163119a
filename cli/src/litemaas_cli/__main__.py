from litemaas_cli.main import main

raise SystemExit(main())
