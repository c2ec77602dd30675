"""E-mail alerts for saved searches: `kjopekraft send-alerts`, run by a scheduler.

Each saved search gets one e-mail listing the notices that match it, were stored after it was
saved, and were never alerted before. The notices are recorded as alerted in the same
transaction that sends the e-mail: a run that fails to send records nothing and the next run
tries again, and a second run right after a successful one sends nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from kjopekraft.browse import plain
from kjopekraft.browse.labels import NoticeType, label
from kjopekraft.browse.models import AlertedNotice, SavedSearch

# Notices listed in one e-mail; the rest are counted, with a link to the search.
MAX_LISTED = 50


@dataclass
class Outcome:
    saved_search: int
    name: str
    email: str
    new_notices: int
    sent: bool = False
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def alert(saved: SavedSearch, *, dry_run: bool = False) -> Outcome:
    """Tell the owner of one saved search of its new notices."""
    with transaction.atomic():
        # The lock keeps two runs at once from sending the same notices twice.
        saved = SavedSearch.objects.select_for_update().select_related("user").get(pk=saved.pk)
        notices = list(
            saved.new_notices().only("pk", "notice_id", "title", "notice_type", "publication_date")
        )
        outcome = Outcome(saved.pk, saved.name, saved.user.email, len(notices))
        if not notices or dry_run:
            return outcome
        AlertedNotice.objects.bulk_create(
            [AlertedNotice(saved_search=saved, notice_id=n.notice_id) for n in notices],
            ignore_conflicts=True,
        )
        saved.last_alerted = timezone.now()
        saved.save(update_fields=["last_alerted"])
        with translation.override(saved.language):
            items = [
                {
                    "title": plain.notice_title(n, saved.language).text,
                    "facts": " · ".join(
                        part
                        for part in (
                            label(NoticeType, n.notice_type),
                            date_format(n.publication_date) if n.publication_date else "",
                        )
                        if part
                    ),
                    "url": _absolute(reverse("browse:notice", args=[n.notice_id])),
                }
                for n in notices[:MAX_LISTED]
            ]
            context = {
                "saved": saved,
                "count": len(notices),
                "items": items,
                "more": max(0, len(notices) - MAX_LISTED),
                "search_url": _absolute(saved.get_absolute_url()),
                "manage_url": _absolute(reverse("browse:saved")),
            }
            subject = render_to_string("browse/alert_subject.txt", context).strip()
            body = render_to_string("browse/alert_email.txt", context)
        send_mail(subject, body, None, [saved.user.email])
        outcome.sent = True
        return outcome


def send_alerts(*, dry_run: bool = False) -> list[Outcome]:
    """Alert every active user's saved searches; a failure to send one does not stop the rest."""
    outcomes = []
    searches = SavedSearch.objects.filter(user__is_active=True).select_related("user")
    for saved in searches.order_by("pk"):
        try:
            outcomes.append(alert(saved, dry_run=dry_run))
        except Exception as exc:  # a mail server that refuses one message must not stop the run
            outcomes.append(
                Outcome(saved.pk, saved.name, saved.user.email, 0, error=f"{type(exc).__name__}")
            )
    return outcomes
