"""The app's screens: one per top-level task, switched by mode, plus dialogs."""
