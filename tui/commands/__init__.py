"""One module per `patrons` subcommand: NAME, HELP, configure(parser), run(args) -> int."""
