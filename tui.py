"""`python tui.py` opens the app exactly as `wellbeing` without a subcommand does.

Options are passed on to the command line, so `python tui.py --db other.db` works too.
"""

from wellbeing.cli import main

if __name__ == "__main__":
    main()
