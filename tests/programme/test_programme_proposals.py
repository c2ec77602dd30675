"""Proposals: confidentiality, the deadline, attachments checked by content, audited access."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from programme_builders import (
    PDF,
    PNG,
    in_phase,
    org_of,
    pass_deadline,
    person,
    propose,
    upload,
    zip_bytes,
)

from kjopekraft.accounts.models import Role
from kjopekraft.programme import actions, predicates
from kjopekraft.programme.models import (
    AuditLog,
    Challenge,
    Proposal,
    ProposalAttachment,
    SupplierProfile,
    TransitionError,
)

pytestmark = pytest.mark.django_db


def en(path: str) -> str:
    """The English page: assertions on wording hold whatever the Norwegian translation says."""
    return path if path.startswith("/en/") else "/en" + path


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def open_challenge(cast: dict[str, Any]) -> Challenge:
    return in_phase("published", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[])[
        "challenge"
    ]


FORM = {
    "title": "Radarsensor",
    "summary": "Varsler fall.",
    "approach": "Sensor i taket.",
    "expected_effect": "Raskere hjelp.",
    "price": "450000",
}


def test_supplier_submits_with_attachments_and_sees_only_its_own(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    response = client_for(cast["supplier"]).post(
        reverse("programme:propose", args=[item.pk]),
        {**FORM, "files": [upload("plan.pdf", PDF), upload("skisse.png", PNG)]},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.supplier == org_of(cast["supplier"], Role.SUPPLIER)
    stored = {a.content_type for a in proposal.attachments.all()}
    assert stored == {"application/pdf", "image/png"}
    for attachment in proposal.attachments.all():
        # Stored under MEDIA_ROOT with a random name, not the uploaded one.
        path = Path(attachment.file.path)
        assert path.is_relative_to(Path(settings.MEDIA_ROOT))
        assert "plan" not in path.name and "skisse" not in path.name
    other = propose(item, cast["supplier2"], title="Nattvenner")
    url = reverse("programme:proposal", args=[other.pk])
    assert client_for(cast["supplier"]).get(url).status_code == 404
    assert client_for(cast["supplier2"]).get(url).status_code == 200
    page = client_for(cast["supplier"]).get(reverse("programme:challenge", args=[item.pk]))
    assert "Nattvenner" not in page.content.decode()


def test_nobody_but_the_supplier_sees_a_proposal_before_the_deadline(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    proposal = propose(item, cast["supplier"])
    evaluator = actions.assign_evaluator(item, user=person(), by=cast["adviser"])
    url = reverse("programme:proposal", args=[proposal.pk])
    for who in (
        cast["adviser"],
        cast["buyer"],
        evaluator.user,
        cast["supplier2"],
        cast["outsider"],
    ):
        assert client_for(who).get(url).status_code == 404
        assert not predicates.can_view_proposal(who, proposal)
    assert client_for(None).get(url).status_code == 302
    colleague = person(Role.SUPPLIER, org=proposal.supplier)
    assert client_for(colleague).get(url).status_code == 200
    # After the deadline the adviser may look, and the look is audited.
    pass_deadline(item)
    item.close(cast["adviser"])
    assert client_for(cast["adviser"]).get(url).status_code == 200
    assert AuditLog.objects.filter(
        action=AuditLog.Action.PROPOSAL_VIEWED, object_id=proposal.pk, actor=cast["adviser"]
    ).exists()
    # Buyers do not read proposals; they see the one selected for the pilot later.
    assert client_for(cast["buyer"]).get(url).status_code == 404


def test_proposal_can_be_changed_and_withdrawn_until_the_deadline_only(
    cast: dict[str, Any],
) -> None:
    item = open_challenge(cast)
    proposal = propose(item, cast["supplier"])
    client = client_for(cast["supplier"])
    client.post(reverse("programme:propose", args=[item.pk]), {**FORM, "title": "Ny tittel"})
    proposal.refresh_from_db()
    assert proposal.title == "Ny tittel"
    client.post(reverse("programme:proposal_withdraw", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    client.post(reverse("programme:propose", args=[item.pk]), {**FORM, "title": "Igjen"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.title == "Igjen"

    pass_deadline(item)
    response = client.post(
        reverse("programme:propose", args=[item.pk]), {**FORM, "title": "For sent"}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("programme:proposal_withdraw", args=[proposal.pk])).status_code == 403
    )
    with pytest.raises(TransitionError):
        actions.update_proposal(
            proposal, by=cast["supplier"], fields={"title": "For sent"}, uploads=[]
        )
    with pytest.raises(TransitionError):
        proposal.withdraw(cast["supplier"])
    proposal.refresh_from_db()
    assert proposal.title == "Igjen" and proposal.status == Proposal.Status.SUBMITTED


def test_the_deadline_is_norwegian_time(cast: dict[str, Any]) -> None:
    """A deadline at 12:00 in Oslo is 11:00 UTC in winter: at 11:30 UTC it has passed."""
    item = open_challenge(cast)
    oslo_noon = timezone.make_aware(timezone.datetime(2030, 1, 15, 12, 0))
    Challenge.objects.filter(pk=item.pk).update(
        question_deadline=oslo_noon - timedelta(days=1), proposal_deadline=oslo_noon
    )
    item.refresh_from_db()
    assert item.proposal_deadline.utcoffset() is None or item.proposal_deadline.hour in {11, 12}
    assert timezone.localtime(item.proposal_deadline).hour == 12
    assert item.proposal_deadline.timestamp() == oslo_noon.timestamp()
    page = client_for(None).get(reverse("programme:challenge", args=[item.pk])).content.decode()
    assert "12:00" in page


def test_no_second_proposal_from_the_same_supplier(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    propose(item, cast["supplier"])
    with pytest.raises(TransitionError):
        propose(item, cast["supplier"])


def test_a_supplier_needs_a_profile_before_proposing(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    newcomer = person(Role.SUPPLIER)
    response = client_for(newcomer).get(reverse("programme:propose", args=[item.pk]))
    assert response.status_code == 302 and "leverandorprofil" in response["Location"]
    client_for(newcomer).post(
        reverse("programme:supplier_profile"),
        {
            "kind": "social-enterprise",
            "founding_date": "2020-05-01",
            "employees": "4",
            "description": "x",
        },
    )
    organisation = org_of(newcomer, Role.SUPPLIER)
    organisation.refresh_from_db()
    profile = SupplierProfile.objects.get(organisation=organisation)
    assert profile.kind == SupplierProfile.Kind.SOCIAL_ENTERPRISE
    assert str(profile.founding_date) == "2020-05-01" and profile.orgnr == organisation.orgnr
    assert client_for(newcomer).get(reverse("programme:propose", args=[item.pk])).status_code == 200
    assert client_for(cast["buyer"]).get(reverse("programme:supplier_profile")).status_code == 403


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tilbud.pdf", b"MZ\x90\x00" + b"\x00" * 200, "is not a file type we accept"),
        ("tilbud.pdf", b"<html><script>alert(1)</script></html>", "is not a file type we accept"),
        ("arkiv.docx", zip_bytes({"a.txt": b"hello"}), "is not a file type we accept"),
        ("tom.pdf", b"", "is empty"),
    ],
)
def test_attachments_are_checked_by_content_not_by_name(
    cast: dict[str, Any], name: str, data: bytes, message: str
) -> None:
    item = open_challenge(cast)
    response = client_for(cast["supplier"]).post(
        en(reverse("programme:propose", args=[item.pk])), {**FORM, "files": [upload(name, data)]}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and name in text
    assert not Proposal.objects.exists()
    assert not ProposalAttachment.objects.exists()


def test_a_real_pdf_named_as_an_image_is_accepted_as_a_pdf(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    client_for(cast["supplier"]).post(
        reverse("programme:propose", args=[item.pk]), {**FORM, "files": [upload("bilde.png", PDF)]}
    )
    attachment = ProposalAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "bilde.pdf"


def test_attachment_size_and_count_are_limited(cast: dict[str, Any], monkeypatch: Any) -> None:
    from kjopekraft.programme import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 100)
    item = open_challenge(cast)
    big = PDF + b"%" * 200
    response = client_for(cast["supplier"]).post(
        en(reverse("programme:propose", args=[item.pk])),
        {**FORM, "files": [upload("stor.pdf", big)]},
    )
    assert "each file may be at most" in response.content.decode()
    monkeypatch.setattr(attachments, "MAX_BYTES", 10 * 1024 * 1024)
    files = [upload(f"f{i}.pdf", PDF) for i in range(attachments.MAX_FILES + 1)]
    response = client_for(cast["supplier"]).post(
        en(reverse("programme:propose", args=[item.pk])), {**FORM, "files": files}
    )
    assert "at most 5 attachments" in response.content.decode()
    assert not Proposal.objects.exists()


def test_attachment_download_is_permission_checked_and_audited(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    client_for(cast["supplier"]).post(
        reverse("programme:propose", args=[item.pk]), {**FORM, "files": [upload("plan.pdf", PDF)]}
    )
    proposal = Proposal.objects.get()
    attachment = proposal.attachments.get()
    url = reverse("programme:attachment", args=[proposal.pk, attachment.pk])
    response = client_for(cast["supplier"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    for who in (cast["supplier2"], cast["adviser"], cast["buyer"], cast["outsider"]):
        assert client_for(who).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    entries = AuditLog.objects.filter(action=AuditLog.Action.ATTACHMENT_DOWNLOADED)
    assert [e.actor for e in entries] == [cast["supplier"]]
    # The file has no public address at all.
    with pytest.raises(NotImplementedError):
        attachment.file.url  # noqa: B018


def test_removing_an_attachment_before_the_deadline(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    client = client_for(cast["supplier"])
    client.post(
        reverse("programme:propose", args=[item.pk]), {**FORM, "files": [upload("a.pdf", PDF)]}
    )
    attachment = ProposalAttachment.objects.get()
    path = Path(attachment.file.path)
    client.post(reverse("programme:propose", args=[item.pk]), {**FORM, "remove": [attachment.pk]})
    assert not ProposalAttachment.objects.exists()
    assert not path.exists()
