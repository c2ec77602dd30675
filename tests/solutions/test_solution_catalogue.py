"""The catalogue: search and filters, registration with a checked organisation number,
verification by an adviser, solutions from programme decisions, and adoptions.

Pages are read in English, so that the tests hold whatever the Norwegian wording becomes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from solution_builders import (
    cloud_service,
    decision,
    org_of,
    organisation,
    person,
    solution,
)

from kjopekraft.accounts.models import Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme.models import Topic
from kjopekraft.solutions import actions
from kjopekraft.solutions.models import (
    Adoption,
    CloudService,
    CpvCode,
    PurchaseRoute,
    Reference,
    Solution,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(user: Any, url: str, **params: str) -> str:
    response = client_for(user).get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Search and filters ------------------------------------------------------------------------


@pytest.fixture
def entries(db: None) -> dict[str, Solution]:
    supplier = organisation(Organisation.Kind.COMPANY, name="Sensorhuset AS")
    other = organisation(Organisation.Kind.COMPANY, name="Læringsverket AS")
    fall = solution(
        supplier,
        title="Fallvarsling om natten",
        summary="Sensorer i gulvet varsler nattevakten.",
        topic=Topic.WELFARE_TECHNOLOGY,
        maturity=Solution.Maturity.IN_USE,
        acquisition=Solution.Acquisition.FOLLOW_ON_OPTION,
    )
    CpvCode.objects.create(solution=fall, code="33190000")
    school = solution(
        other,
        title="Leseverksted",
        summary="Digitale lesegrupper for mellomtrinnet.",
        topic=Topic.EDUCATION,
        maturity=Solution.Maturity.PILOT,
    )
    CpvCode.objects.create(solution=school, code="48190000")
    draft = solution(supplier, title="Uferdig idé", status=Solution.Status.SUBMITTED)
    return {"fall": fall, "school": school, "draft": draft}


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({}, {"fall", "school"}),
        ({"q": "nattevakten"}, {"fall"}),
        ({"q": "sensorhuset"}, {"fall"}),  # the supplier's name
        ({"q": "lese mellomtrinnet"}, {"school"}),  # every word must match
        ({"q": "lese natt"}, set()),
        ({"topic": "education"}, {"school"}),
        ({"maturity": "in-use"}, {"fall"}),
        ({"acquisition": "follow-on-option"}, {"fall"}),
        ({"cpv": "48"}, {"school"}),
        ({"cpv": "3319"}, {"fall"}),
        ({"q": "idé"}, set()),  # not verified: not in the catalogue
    ],
)
def test_search_and_filter_the_catalogue(
    entries: dict[str, Solution], params: dict[str, str], found: set[str]
) -> None:
    html = page(None, reverse("solutions:catalogue"), **params)
    shown = {key for key, s in entries.items() if s.title in html}
    assert shown == found
    api = client_for().get("/api/solutions/", params).json()
    assert {r["title"] for r in api["results"]} == {entries[k].title for k in found}


def test_an_unverified_entry_is_for_its_supplier_and_the_advisers(
    entries: dict[str, Solution],
) -> None:
    draft = entries["draft"]
    url = draft.get_absolute_url()
    assert client_for().get(url).status_code == 404
    assert client_for(person(Role.BUYER)).get(url).status_code == 404
    owner = person(Role.SUPPLIER, org=draft.supplier)
    assert "Awaiting verification" in page(owner, url)
    assert "Verify and publish" in page(person(Role.ADVISER), url)


# --- Registration and verification -------------------------------------------------------------


def form_data(orgnr: str, **extra: str) -> dict[str, Any]:
    return {
        "supplier_orgnr": orgnr,
        "title": "Smart avfallsbeholder",
        "summary": "Beholdere som melder når de er fulle.",
        "problem": "Tømmeruter kjøres uansett fyllingsgrad.",
        "topic": "water-waste",
        "maturity": "ready",
        "price_model": "subscription",
        "rights": "supplier",
        "acquisition": "framework",
        "cpv": "90500000-2, 48000000",
        **extra,
    }


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("123456789", "must start with 8 or 9"),
        ("999999904", "check digit does not match"),
        ("99999990", "must have 9 digits"),
    ],
)
def test_the_supplier_number_is_checked_with_mod11(number: str, message: str) -> None:
    supplier = person(Role.SUPPLIER)
    response = client_for(supplier).post(reverse("solutions:solution_new"), form_data(number))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Solution.objects.exists()


def test_a_supplier_registers_only_for_its_own_organisation() -> None:
    supplier = person(Role.SUPPLIER)
    other = organisation(Organisation.Kind.COMPANY)
    response = client_for(supplier).post(reverse("solutions:solution_new"), form_data(other.orgnr))
    assert "only for your own organisation" in response.content.decode()
    assert not Solution.objects.exists()


def test_a_supplier_registers_and_an_adviser_verifies(
    django_capture_on_commit_callbacks: Any,
) -> None:
    supplier = person(Role.SUPPLIER)
    adviser = person(Role.ADVISER)
    number = org_of(supplier, Role.SUPPLIER).orgnr
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supplier).post(reverse("solutions:solution_new"), form_data(number))
    registered = Solution.objects.get()
    assert response.status_code == 302
    assert registered.status == Solution.Status.SUBMITTED
    assert registered.cpv_list() == ["48000000", "90500000"]
    assert [m.to for m in mail.outbox] == [[adviser.email]]
    assert registered.title not in page(None, reverse("solutions:catalogue"))

    mail.outbox.clear()
    review = reverse("solutions:solution_review", args=[registered.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(adviser).post(review, {"verdict": "reject", "comment": ""})
    registered.refresh_from_db()
    assert registered.status == Solution.Status.SUBMITTED  # a rejection needs a reason
    with django_capture_on_commit_callbacks(execute=True):
        client_for(adviser).post(review, {"verdict": "verify", "comment": "Fint."})
    registered.refresh_from_db()
    assert registered.status == Solution.Status.VERIFIED
    assert registered.reviewed_by == adviser
    assert [m.to for m in mail.outbox] == [[supplier.email]]
    assert registered.title in page(None, reverse("solutions:catalogue"))


def test_a_rejected_entry_goes_back_to_the_advisers_when_changed() -> None:
    supplier = person(Role.SUPPLIER)
    entry = solution(org_of(supplier, Role.SUPPLIER), status=Solution.Status.SUBMITTED)
    actions.review_entry(entry, by=person(Role.ADVISER), verify=False, comment="Mangler effekt.")
    assert entry.status == Solution.Status.REJECTED
    response = client_for(supplier).post(
        reverse("solutions:solution_edit", args=[entry.pk]),
        form_data(entry.supplier.orgnr, title="Bedre beskrevet", evidence="Målt i to kommuner."),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("Bedre beskrevet", Solution.Status.SUBMITTED)


def test_an_adviser_registers_a_cloud_service_for_a_new_supplier() -> None:
    adviser = person(Role.ADVISER)
    response = client_for(adviser).post(
        reverse("solutions:cloud_service_new"),
        {
            "supplier_orgnr": "999 999 921",
            "supplier_name": "Ny Sky AS",
            "name": "Ny sky",
            "description": "Tjenesten.",
            "category": "infrastructure",
            "storage_location": "norway",
            "processing_location": "eea",
            "price_model": "per-use",
            "website": "ny-sky.example",
        },
    )
    assert response.status_code == 302
    service = CloudService.objects.get()
    assert service.supplier.orgnr == "999999921"
    assert service.supplier.name == "Ny Sky AS"
    assert service.website == "https://ny-sky.example"
    assert service.status == CloudService.Status.VERIFIED  # advisers are the ones who verify


def test_a_supplier_without_a_valid_number_cannot_be_verified() -> None:
    broken = Organisation.objects.create(orgnr="999999904", name="Feil AS", kind="company")
    entry = solution(broken, status=Solution.Status.SUBMITTED)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="MOD11"):
        entry.full_clean()


# --- From a programme decision -----------------------------------------------------------------


def test_a_decision_to_buy_and_scale_puts_the_solution_in_the_catalogue() -> None:
    lead = organisation(name="Ledekommune", municipality="1103")
    partner = organisation(name="Partnerkommune", municipality="4601")
    supplier = organisation(Organisation.Kind.COMPANY, name="Fallsensor AS")
    found = decision(lead, supplier, partners=(partner,))
    buyer = person(Role.BUYER, org=lead)
    url = reverse("solutions:from_decision", args=[found.pk])
    form = page(buyer, url)
    assert "Fallsensor" in form  # the piloted proposal's title
    response = client_for(buyer).post(
        url,
        {
            "title": "Fallsensor",
            "summary": "Sensorer som varsler fall.",
            "problem": "Fall om natten oppdages sent.",
            "topic": "welfare-technology",
            "maturity": "ready",
            "price_model": "subscription",
            "rights": "shared",
            "acquisition": "follow-on-option",
            "acquisition_details": "Andre kommuner kan kjøpe på samme vilkår.",
            "cpv": "33190000",
        },
    )
    made = Solution.objects.get(decision=found)
    assert response.status_code == 302
    assert made.origin == Solution.Origin.PROGRAMME
    assert made.supplier == supplier
    assert made.pilot_buyer == lead
    assert made.pilot_ended == found.challenge.pilots.get().ends
    assert made.is_public
    assert set(Reference.objects.filter(solution=made).values_list("organisation", flat=True)) == {
        lead.pk,
        partner.pk,
    }
    adopted = made.adoptions.values_list("organisation", "route")
    assert set(adopted) == {
        (lead.pk, PurchaseRoute.ORIGINAL_CONTRACT),
        (partner.pk, PurchaseRoute.ORIGINAL_CONTRACT),
    }
    html = page(None, made.get_absolute_url())
    assert "Ledekommune" in html and "Partnerkommune" in html
    # A second visit leads to the solution already made.
    assert client_for(buyer).get(url).url == made.get_absolute_url()


def test_only_the_challenge_buyers_and_advisers_may_put_it_in_the_catalogue() -> None:
    found = decision(organisation(), organisation(Organisation.Kind.COMPANY))
    url = reverse("solutions:from_decision", args=[found.pk])
    assert client_for(person(Role.BUYER)).get(url).status_code == 403
    assert client_for(person(Role.SUPPLIER)).get(url).status_code == 403
    assert client_for(person(Role.ADVISER)).get(url).status_code == 200


# --- Adoptions ---------------------------------------------------------------------------------


def test_a_buyer_records_an_adoption_and_the_page_shows_who_uses_it() -> None:
    entry = solution(organisation(Organisation.Kind.COMPANY), title="Nattsensor")
    municipality = organisation(name="Tokke kommune", municipality="4036")
    buyer = person(Role.BUYER, org=municipality)
    adopted_on = timezone.localdate() - timedelta(days=10)
    response = client_for(buyer).post(
        reverse("solutions:solution_adopt", args=[entry.pk]),
        {
            "organisation": municipality.pk,
            "adopted_on": adopted_on.isoformat(),
            "scope": "part",
            "scope_details": "To sykehjem",
            "route": "framework",
            "is_reference": "on",
            "contact_email": "helse@tokke.example",
        },
    )
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.organisation, adoption.adopted_on, adoption.route) == (
        municipality,
        adopted_on,
        PurchaseRoute.FRAMEWORK,
    )
    public = page(None, entry.get_absolute_url())
    assert "Tokke kommune" in public and "To sykehjem" in public
    assert "helse@tokke.example" not in public  # contacts are for signed-in buyers
    assert "helse@tokke.example" in page(person(Role.BUYER), entry.get_absolute_url())
    # Recording it twice is refused with a message, not an error page.
    again = client_for(buyer).post(
        reverse("solutions:solution_adopt", args=[entry.pk]),
        {
            "organisation": municipality.pk,
            "adopted_on": adopted_on.isoformat(),
            "scope": "part",
            "route": "framework",
        },
    )
    assert again.status_code == 200
    assert Adoption.objects.count() == 1


def test_an_adoption_cannot_be_dated_in_the_future_nor_made_by_others() -> None:
    entry = cloud_service(organisation(Organisation.Kind.COMPANY))
    buyer = person(Role.BUYER)
    url = reverse("solutions:cloud_service_adopt", args=[entry.pk])
    future = client_for(buyer).post(
        url,
        {
            "organisation": org_of(buyer, Role.BUYER).pk,
            "adopted_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "scope": "whole",
            "route": "framework",
        },
    )
    assert "cannot be in the future" in future.content.decode()
    assert client_for(person(Role.SUPPLIER)).post(url, {}).status_code == 403
    assert client_for().post(url, {}).status_code == 302  # to sign in
    with pytest.raises(actions.CatalogueError):
        actions.record_adoption(
            entry,
            by=buyer,
            organisation=organisation(),  # not the buyer's
            adopted_on=timezone.localdate(),
            scope=Adoption.Scope.WHOLE,
            route=PurchaseRoute.FRAMEWORK,
        )
    assert not Adoption.objects.exists()
