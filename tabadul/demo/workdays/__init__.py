"""When the demo's activities happen: on working days of the country they are held in (issue 20, item 7).

No demo activity (event, training session, meeting, twinning meeting, hub activity) and no deadline falls on a
Friday, on a weekend day of its country or on a public holiday of its country. The public holidays are those of
the `holidays` package (PyPI), which knows every country of the demo: Palestine, Libya, Tunisia, Jordan, Lebanon,
Türkiye and Iraq, with the Islamic holidays by the Hijri calendar and the Christian ones where the country keeps
them. The weekly days off are ours (WEEKEND): the package gives some countries a Saturday–Sunday weekend they do
not keep. Dates a seed states as facts stay as the seed gives them, even on a day off (SEED_DATES).

A package rather than a module: every module directly in tabadul/demo/ is a loader (demo/__init__.py, MODULES).
"""

import datetime as dt
from functools import cache

import holidays

FRIDAY, SATURDAY, SUNDAY = 4, 5, 6
# The weekly days off besides Friday. Palestine: Friday only — local bodies open on Saturday (seed 001's north
# chapter launched on a Saturday) and on Sunday. Libya, Jordan and Iraq: Friday and Saturday. Tunisia, Lebanon and
# Türkiye: Sunday, and Saturday for public offices.
WEEKEND = {
    "PS": set(),
    "LY": {SATURDAY},
    "JO": {SATURDAY},
    "IQ": {SATURDAY},
    "TN": {SATURDAY, SUNDAY},
    "LB": {SATURDAY, SUNDAY},
    "TR": {SATURDAY, SUNDAY},
}
# Where an event is held, by its time zone (events.Event.time_zone). A zone not here (Europe/Paris: the network's
# online meetings of CMI in Marseille) belongs to no country of the demo: only Fridays are avoided there.
COUNTRY_OF_TIME_ZONE = {
    "Asia/Hebron": "PS",
    "Asia/Gaza": "PS",
    "Asia/Jerusalem": "PS",
    "Africa/Tripoli": "LY",
    "Africa/Tunis": "TN",
    "Asia/Amman": "JO",
    "Asia/Beirut": "LB",
    "Europe/Istanbul": "TR",
    "Asia/Baghdad": "IQ",
}

# Dates the seeds state as facts, kept even where they are a day off: (model label, date) -> why.
SEED_DATES = {
    ("hubs.Hub", dt.date(2020, 10, 29)): "seed 001: the innovation hub launched in Hebron on Thursday 29 October "
    "2020, the Prophet's Birthday holiday that year",
    ("events.Event", dt.date(2020, 10, 29)): "seed 001: the innovation hub's launch meeting",
}


@cache
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


def days_off(country: str | None) -> set[int]:
    """Weekdays (Monday 0) nothing is held on: Friday everywhere, and the country's other weekend days."""
    return {FRIDAY} | WEEKEND.get(country or "", set())


def day_off_reason(day: dt.date, country: str | None) -> str:
    """Why nothing is held on `day` in `country` ("" on a working day): the holiday's name or the weekday."""
    if day.weekday() in days_off(country):
        return day.strftime("%A")
    if country:
        return _calendar(country, day.year).get(day) or ""
    return ""


def is_working_day(day: dt.date, country: str | None) -> bool:
    return not day_off_reason(day, country)


def working_day(day: dt.date, country: str | None, *, before: dt.date | None = None) -> dt.date:
    """The first working day on or after `day`; with `before`, a date that must stay earlier than it (a past
    activity stays past), the last working day on or before `day` when the next one is not earlier."""
    found = day
    while not is_working_day(found, country):
        found += dt.timedelta(days=1)
    if before is not None and found >= before:
        found = day
        while not is_working_day(found, country):
            found -= dt.timedelta(days=1)
    return found


def working_moment(moment: dt.datetime, country: str | None) -> dt.datetime:
    """`moment` moved by whole days to the first working day on or after its date, at the same time."""
    return moment + (working_day(moment.date(), country) - moment.date())
