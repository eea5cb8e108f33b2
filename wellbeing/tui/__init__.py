"""The terminal app: check-in form and history, opened by `wellbeing` without a subcommand.

Importing this package loads neither the database layer nor pydantic; they are loaded in a
thread worker once the first frame is on screen.
"""
