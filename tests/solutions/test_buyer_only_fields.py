"""Fields a supplier keeps for signed-in buyers never reach anyone else: pages, filters or API.

Pages are read in English, so that the tests hold whatever the Norwegian wording becomes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from solution_builders import cloud_service, org_of, organisation, person, solution

from kjopekraft.accounts.models import Membership, Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.solutions.models import CloudService, PriceModel

pytestmark = pytest.mark.django_db

SECRET_CERT = "HEMMELIG-SERTIFIKAT-7781"
SECRET_PRICE = "HEMMELIG-PRIS-4432"
SECRET_SOLUTION_PRICE = "HEMMELIG-LØSNINGSPRIS-9120"
PUBLIC_RIGHTS = "OFFENTLIGE-RETTIGHETER-5510"


@pytest.fixture
def catalogue(db: None) -> dict[str, Any]:
    owner = person(Role.SUPPLIER, name="Eier Leverandør")
    supplier = org_of(owner, Role.SUPPLIER)
    service = cloud_service(
        supplier,
        name="Skjult sky",
        category=CloudService.Category.ANALYTICS,
        storage_location=CloudService.Location.ELSEWHERE,
        processing_location=CloudService.Location.EEA,
        certifications=SECRET_CERT,
        price_model=PriceModel.PER_USE,
        price_details=SECRET_PRICE,
        buyer_only=[
            "category",
            "storage_location",
            "certifications",
            "price_model",
            "price_details",
        ],
    )
    sol = solution(
        supplier,
        title="Skjult løsning",
        price_model=PriceModel.LICENCE,
        price_details=SECRET_SOLUTION_PRICE,
        rights_details=PUBLIC_RIGHTS,
        buyer_only=["price_model", "price_details"],
    )
    pending_buyer = person(name="Venter Innkjøper")
    Membership.objects.create(
        user=pending_buyer,
        organisation=organisation(Organisation.Kind.MUNICIPALITY),
        role=Role.BUYER,
        status=Membership.Status.PENDING,
    )
    return {
        "service": service,
        "solution": sol,
        "viewers": {
            "anonymous": None,
            "other supplier": person(Role.SUPPLIER),
            "pending buyer": pending_buyer,
            "signed in without a role": person(),
            "buyer": person(Role.BUYER),
            "owner": owner,
            "adviser": person(Role.ADVISER),
        },
    }


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


SEES_ALL = {"buyer", "owner", "adviser"}
VIEWERS = [
    "anonymous",
    "other supplier",
    "pending buyer",
    "signed in without a role",
    "buyer",
    "owner",
    "adviser",
]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_pages_show_buyer_only_fields_to_buyers_only(
    catalogue: dict[str, Any], viewer: str
) -> None:
    client = client_for(catalogue["viewers"][viewer])
    service, sol = catalogue["service"], catalogue["solution"]
    with translation.override("en"):
        pages = {
            "service": client.get(service.get_absolute_url()).content.decode(),
            "services": client.get(reverse("solutions:cloud_services")).content.decode(),
            "solution": client.get(sol.get_absolute_url()).content.decode(),
        }
    sees = viewer in SEES_ALL
    for text in [SECRET_CERT, SECRET_PRICE]:
        assert (text in pages["service"]) is sees
    assert (SECRET_CERT in pages["services"]) is sees
    assert (SECRET_SOLUTION_PRICE in pages["solution"]) is sees
    # Choice fields: their labels, on the detail page where no filter lists them.
    assert ("Outside the EEA" in pages["service"]) is sees  # where data is stored
    assert ("Data and analytics" in pages["service"]) is sees  # the category
    assert ("Price per use" in pages["service"]) is sees
    assert ("One-off licence" in pages["solution"]) is sees
    # Public fields are shown to all, and hidden ones say that there is more for buyers.
    assert PUBLIC_RIGHTS in pages["solution"]
    assert "The EEA" in pages["service"]  # where data is processed is public
    assert ("Visible to signed-in buyers only." in pages["service"]) is not sees


@pytest.mark.parametrize("viewer", ["anonymous", "other supplier", "buyer", "adviser"])
def test_api_never_shows_buyer_only_fields(catalogue: dict[str, Any], viewer: str) -> None:
    client = client_for(catalogue["viewers"][viewer])
    services = client.get("/api/cloud-services/")
    solutions = client.get("/api/solutions/")
    assert services.status_code == solutions.status_code == 200
    for response in (services, solutions):
        body = response.content.decode()
        for secret in [SECRET_CERT, SECRET_PRICE, SECRET_SOLUTION_PRICE]:
            assert secret not in body
    service = services.json()["results"][0]
    for hidden in ["category", "storage_location", "certifications", "price_model"]:
        assert hidden not in service
    assert service["processing_location"] == "eea"
    assert service["name"] == "Skjult sky"
    found = solutions.json()["results"][0]
    assert "price_model" not in found and "price_details" not in found
    assert found["rights_details"] == PUBLIC_RIGHTS


def test_a_filter_on_a_buyer_only_field_does_not_tell_its_value(
    catalogue: dict[str, Any],
) -> None:
    """Filtering by a hidden category would reveal it; for the public it never matches."""
    url = reverse("solutions:cloud_services") + "?category=analytics"
    assert "Skjult sky" not in Client().get(url).content.decode()
    assert "Skjult sky" in client_for(catalogue["viewers"]["buyer"]).get(url).content.decode()
    api = Client().get("/api/cloud-services/?category=analytics").json()
    assert api["count"] == 0
    location = reverse("solutions:cloud_services") + "?location=eea"
    assert "Skjult sky" not in Client().get(location).content.decode()


def test_a_public_field_filters_for_everyone(catalogue: dict[str, Any]) -> None:
    service = catalogue["service"]
    service.buyer_only = []
    service.save()
    url = reverse("solutions:cloud_services") + "?category=analytics"
    assert "Skjult sky" in Client().get(url).content.decode()
    assert Client().get("/api/cloud-services/?category=analytics").json()["count"] == 1


def test_the_supplier_marks_the_fields_in_the_form(db: None) -> None:
    owner = person(Role.SUPPLIER)
    number = org_of(owner, Role.SUPPLIER).orgnr
    response = client_for(owner).post(
        reverse("solutions:cloud_service_new"),
        {
            "supplier_orgnr": number,
            "name": "Merket sky",
            "description": "Tjenesten.",
            "category": "security",
            "storage_location": "norway",
            "processing_location": "norway",
            "certifications": "ISO/IEC 27001",
            "price_model": "subscription",
            "price_details": SECRET_PRICE,
            "buyer_only": ["price_details", "certifications"],
        },
    )
    assert response.status_code == 302
    service = CloudService.objects.get(name="Merket sky")
    assert sorted(service.buyer_only) == ["certifications", "price_details"]
    assert service.status == CloudService.Status.SUBMITTED
