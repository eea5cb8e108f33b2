"""Widgets the screens are built from; they receive plain view data, never stored objects."""
