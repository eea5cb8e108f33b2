"""wellbeing: a privacy-first wellbeing and burnout check-in tracker for contact-centre agents."""

__version__ = "0.1.0"
