from c5lens.cli.fast import main

main()
