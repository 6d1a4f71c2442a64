"""What the directory contributes to other apps' pages (tabadul/core/hooks.py)."""

from tabadul.core import hooks

from .selectors import directory_counts


@hooks.register("core.home_context")
def home_counts() -> dict:
    """The home page's count of local bodies and governorates."""
    return {"counts": directory_counts()}
