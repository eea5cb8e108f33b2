"""Command groups of the `wellbeing` executable, each registered by `wellbeing.cli.build_cli`.

A module here imports only Click and the translations at its top; everything heavier is
imported inside its commands, so that `wellbeing --help` stays fast.
"""
