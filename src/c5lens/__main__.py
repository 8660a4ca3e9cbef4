from c5lens.cli import main

main()
