from c5lens.fast import main

main()
