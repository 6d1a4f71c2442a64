"""What the programmes app gives to the directory's pages (tabadul/core/hooks.py): pilot projects, and on an
organisation's page the programmes it funds and implements."""

from tabadul.core import hooks
from tabadul.directory.sections import BodySection

from . import pilots, selectors


def _organisation_programmes(*, organisation, user) -> dict:
    return selectors.organisation_programmes(organisation=organisation)


ORGANISATION_PROGRAMMES = BodySection(
    "programmes",
    "programmes/includes/organisation_section.html",
    _organisation_programmes,
    stylesheet="programmes/programmes.css",
)

hooks.register("directory.organisation_sections", ORGANISATION_PROGRAMMES, order=20)
hooks.register("directory.body_sections", pilots.BODY_SECTION, order=55)
hooks.register("directory.organisation_sections", pilots.ORGANISATION_SECTION, order=55)
