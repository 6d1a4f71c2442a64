"""PDF attendance certificates of training courses, rendered by WeasyPrint from an HTML template.

WeasyPrint shapes Arabic with HarfBuzz; the template names the Noto Naskh/Sans Arabic fonts (Debian package
fonts-noto-core) so that the letters join. The text is written in logical order (tests extract it back).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language_bidi


def certificate_pdf(*, course, person, progress, sessions) -> bytes:
    import weasyprint

    html = render_to_string(
        "events/certificate.html",
        {
            "course": course,
            "person": person,
            "progress": progress,
            "first_day": sessions[0].local_starts_at.date() if sessions else None,
            "last_day": sessions[-1].local_ends_at.date() if sessions else None,
            "issued_on": timezone.localdate(),
            "rtl": get_language_bidi(),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()
