"""One measured figure and how it is shown: shared by `run.py` and the standalone scripts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    """One measured figure, its target, and what limits it when the target is missed."""

    key: str
    label: str
    value: float
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""


def shown(figure: Figure) -> str:
    value = figure.value
    if figure.unit in ("rows/s", "check-ins/s"):
        return f"{value:,.0f} {figure.unit}"
    if figure.unit == "x":
        return f"{value:.2f}x"
    if figure.unit == "s":
        return f"{value:.2f} s"
    return f"{value:.1f} {figure.unit}"


def print_figures(figures: list[Figure]) -> None:
    """The table of figures, then each missed target with what limits it."""
    width = max(len(figure.label) for figure in figures)
    print(f"{'figure'.ljust(width)}  {'value':>18}  {'target':>12}  result")
    for figure in figures:
        result = "" if figure.met is None else ("met" if figure.met else "MISSED")
        print(f"{figure.label.ljust(width)}  {shown(figure):>18}  {figure.target:>12}  {result}")
    missed = [figure for figure in figures if figure.met is False]
    if missed:
        print()
        print("Missed targets and what limits them:")
        for figure in missed:
            print(
                f"- {figure.label.strip()}: {shown(figure)} (target {figure.target}). "
                f"{figure.note}."
            )
