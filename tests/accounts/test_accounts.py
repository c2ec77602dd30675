from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kjopekraft.accounts import predicates
from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Organisation

SIGNUP = {
    "full_name": "Tor Testesen",
    "email": "Tor@Example.no",
    "password1": "fjellvann-og-kaffe-42",
    "password2": "fjellvann-og-kaffe-42",
    "role": "supplier",
    "orgnr": "920 000 002",
    "organisation_name": "Testesen Teknologi AS",
}


@pytest.mark.django_db
def test_supplier_signs_up_and_is_a_supplier_at_once(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="tor@example.no")
    assert predicates.is_supplier(user)
    organisation = Organisation.objects.get(orgnr="920000002")
    assert organisation.kind == Organisation.Kind.COMPANY
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_signup_rejects_a_bad_organisation_number_and_creates_nothing(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "orgnr": "920000003"})
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert not User.objects.filter(email="tor@example.no").exists()
    assert not Organisation.objects.filter(orgnr="920000003").exists()


@pytest.mark.django_db
def test_signup_needs_a_name_for_an_unknown_organisation(client: Client) -> None:
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "organisation_name": ""})
    assert response.status_code == 200
    assert not User.objects.filter(email="tor@example.no").exists()


@pytest.mark.django_db
def test_duplicate_email_is_refused_whatever_the_case(client: Client, personas: Any) -> None:
    response = client.post(
        reverse("accounts:signup"), {**SIGNUP, "email": "RADGIVER@kjopekraft.no"}
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="radgiver@kjopekraft.no").count() == 1


@pytest.mark.django_db
def test_buyer_sign_up_is_pending_until_an_adviser_approves(
    client: Client, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    data = {**SIGNUP, "role": "buyer", "orgnr": "964965226", "organisation_name": ""}
    assert client.post(reverse("accounts:signup"), data).status_code == 302
    user = User.objects.get(email="tor@example.no")
    membership = Membership.objects.get(user=user, role=Role.BUYER)
    assert membership.status == Membership.Status.PENDING
    assert not predicates.is_buyer(user)

    adviser = Client()
    adviser.force_login(personas["adviser"])
    page = adviser.get(reverse("accounts:pending_memberships"))
    assert "Tor Testesen" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        adviser.post(
            reverse("accounts:decide_membership", args=[membership.pk]), {"decision": "approve"}
        )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert membership.decided_by == personas["adviser"]
    assert predicates.is_buyer(user)
    assert mail.outbox[-1].to == ["tor@example.no"]
    assert "stavanger kommune" in mail.outbox[-1].subject.lower()


@pytest.mark.django_db
def test_a_company_cannot_be_a_buyer(client: Client, personas: Any) -> None:
    data = {**SIGNUP, "role": "buyer", "orgnr": "999999905", "organisation_name": ""}
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert "er ikke en offentlig virksomhet" in response.content.decode()
    assert not User.objects.filter(email="tor@example.no").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "supplier", "buyer", "pending_buyer"])
def test_only_advisers_reach_the_adviser_page(client: Client, personas: Any, who: str) -> None:
    client.force_login(personas[who])
    assert client.get(reverse("accounts:pending_memberships")).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("accounts:pending_memberships"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_outsider_cannot_approve_by_posting(client: Client, personas: Any) -> None:
    membership = Membership.objects.get(user=personas["pending_buyer"])
    client.force_login(personas["outsider"])
    response = client.post(
        reverse("accounts:decide_membership", args=[membership.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


@pytest.mark.django_db
def test_pending_buyer_has_no_buyer_rights(personas: Any) -> None:
    assert not predicates.is_buyer(personas["pending_buyer"])
    assert predicates.is_buyer(personas["buyer"])
    assert predicates.is_adviser(personas["adviser"])
    assert predicates.is_adviser(personas["admin"])
    assert not predicates.is_adviser(personas["buyer"])


@pytest.mark.django_db
def test_an_adviser_cannot_approve_their_own_membership(client: Client, personas: Any) -> None:
    stavanger = Organisation.objects.get(orgnr="964965226")
    own = Membership.objects.create(user=personas["adviser"], organisation=stavanger, role="buyer")
    client.force_login(personas["adviser"])
    client.post(reverse("accounts:decide_membership", args=[own.pk]), {"decision": "approve"})
    own.refresh_from_db()
    assert own.status == Membership.Status.PENDING


@pytest.mark.django_db
def test_sign_in_with_email_in_any_case(client: Client, personas: Any) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": "Innkjoper@Stavanger.Kommune.no", "password": personas["password"]},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_sign_in_is_paused_after_repeated_failures(client: Client, personas: Any, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("accounts:login")
    # Varying the case of the address does not give a fresh allowance.
    for address in [
        "innkjoper@stavanger.kommune.no",
        "INNKJOPER@stavanger.kommune.no",
        "Innkjoper@Stavanger.kommune.no",
    ]:
        client.post(url, {"username": address, "password": "feil"})
    response = client.post(
        url, {"username": "innkjoper@stavanger.kommune.no", "password": personas["password"]}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_a_link_and_is_rate_limited(client: Client, personas: Any) -> None:
    url = reverse("accounts:password_reset")
    response = client.post(url, {"email": "innkjoper@stavanger.kommune.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/passord/nytt/" in mail.outbox[0].body
    statuses = [
        client.post(url, {"email": "innkjoper@stavanger.kommune.no"}).status_code for _ in range(6)
    ]
    assert statuses[-1] == 429
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_download_my_data(client: Client, personas: Any) -> None:
    client.force_login(personas["buyer"])
    response = client.get(reverse("accounts:download_data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["accounts"]["email"] == "innkjoper@stavanger.kommune.no"
    assert data["accounts"]["memberships"][0]["orgnr"] == "964965226"


@pytest.mark.django_db
def test_delete_account_needs_the_password_and_removes_the_person(
    client: Client, personas: Any
) -> None:
    user = personas["supplier"]
    client.force_login(user)
    url = reverse("accounts:delete")
    assert client.post(url, {"password": "feil"}).status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(url, {"password": personas["password"]})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    # The company stays: it is not the person's data.
    assert Organisation.objects.filter(orgnr="999999905").exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_demo_data_loads_nothing_twice(personas: Any) -> None:
    from kjopekraft.core.demo import load_demo

    assert load_demo() == {"organisations": 0, "people": 0, "memberships": 0}
