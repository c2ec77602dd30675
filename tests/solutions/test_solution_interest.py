"""A buyer's interest reaches the supplier and a reference customer, by e-mail after commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from solution_builders import cloud_service, org_of, organisation, person, solution

from kjopekraft.accounts.models import Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.solutions import actions
from kjopekraft.solutions.models import Adoption, Interest, PurchaseRoute, Reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    supplier_person = person(Role.SUPPLIER, name="Siri Selger")
    supplier = org_of(supplier_person, Role.SUPPLIER)
    entry = solution(supplier, title="Nattsensor", contact_email="salg@sensor.example")
    reference = organisation(name="Referansekommune")
    reference_buyer = person(Role.BUYER, org=reference, name="Rita Referanse")
    Reference.objects.create(solution=entry, organisation=reference)
    asking = organisation(name="Spørrekommune")
    buyer = person(Role.BUYER, org=asking, name="Bodil Byer")
    return {
        "entry": entry,
        "supplier_person": supplier_person,
        "reference_buyer": reference_buyer,
        "buyer": buyer,
        "asking": asking,
    }


def test_interest_reaches_the_supplier_and_a_reference_customer(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(cast["buyer"])
    url = reverse("solutions:solution_interest", args=[cast["entry"].pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            url, {"organisation": cast["asking"].pk, "message": "Hvordan er driften?"}
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the mail waits for the commit
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {
        cast["supplier_person"].email,
        "salg@sensor.example",
        cast["reference_buyer"].email,
    }
    to_supplier = by_recipient["salg@sensor.example"]
    assert "Spørrekommune" in to_supplier.subject and "Nattsensor" in to_supplier.subject
    assert cast["buyer"].email in to_supplier.body
    assert "Hvordan er driften?" in to_supplier.body
    to_reference = by_recipient[cast["reference_buyer"].email]
    assert "experience" in to_reference.subject or "erfaring" in to_reference.subject
    assert cast["buyer"].email in to_reference.body
    interest = Interest.objects.get()
    assert interest.person == cast["buyer"] and interest.organisation == cast["asking"]
    assert cast["reference_buyer"].email in interest.notified


def test_a_named_contact_comes_before_the_reference_customers_buyers(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    Reference.objects.filter(solution=cast["entry"]).update(contact_email="ref@kommune.example")
    with django_capture_on_commit_callbacks(execute=True):
        actions.express_interest(cast["entry"], by=cast["buyer"], organisation=cast["asking"])
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "ref@kommune.example" in recipients
    assert cast["reference_buyer"].email not in recipients


def test_an_adopter_that_agreed_is_asked_when_no_reference_is_named(
    django_capture_on_commit_callbacks: Any,
) -> None:
    service = cloud_service(organisation(Organisation.Kind.COMPANY))
    Adoption.objects.create(
        cloud_service=service,
        organisation=organisation(),
        adopted_on="2025-01-15",
        scope=Adoption.Scope.WHOLE,
        route=PurchaseRoute.FRAMEWORK,
        is_reference=True,
        contact_email="it@bruker.example",
    )
    buyer = person(Role.BUYER)
    with django_capture_on_commit_callbacks(execute=True):
        actions.express_interest(service, by=buyer, organisation=org_of(buyer, Role.BUYER))
    assert [m.to for m in mail.outbox] == [["it@bruker.example"]]


def test_the_asking_buyer_is_never_its_own_reference(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.express_interest(
            cast["entry"],
            by=cast["reference_buyer"],
            organisation=cast["reference_buyer"].memberships.get().organisation,
        )
    assert cast["reference_buyer"].email not in [m.to[0] for m in mail.outbox]


def test_only_buyers_express_interest_and_nothing_is_sent_when_it_fails(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("solutions:solution_interest", args=[cast["entry"].pk])
    client = Client()
    client.force_login(cast["supplier_person"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"organisation": cast["asking"].pk}).status_code == 403
        with pytest.raises(actions.CatalogueError):
            # A buyer asking on behalf of an organisation it does not act for.
            actions.express_interest(
                cast["entry"], by=cast["buyer"], organisation=organisation(name="Annen kommune")
            )
    assert mail.outbox == []
    assert not Interest.objects.exists()
