"""Pure domain: value types, validation, time arithmetic, instruments and rules.

Nothing here imports SQLAlchemy or Textual, so the rules can be tested and reused on their own.
"""
