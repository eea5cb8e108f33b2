"""How the app's data is laid out for people and files, shared by the command line and the
TUI; nothing here imports a user interface."""
