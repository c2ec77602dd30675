"""The catalogue, an adoption and an effect contract in a real browser, checked with axe-core.

The pages are read in English so that the test holds whatever the Norwegian wording becomes.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from accessibility import serious_violations
from django.utils import timezone
from solution_builders import PASSWORD, cloud_service, organisation, person, solution

from kjopekraft.accounts.models import Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.outcomes import actions
from kjopekraft.outcomes.models import EffectContract, Measurement, OutcomeIndicator
from kjopekraft.solutions.models import Adoption, CloudService, PurchaseRoute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SECRET_PRICE = "HEMMELIG-PRIS-2291"


class Visit:
    """A browser tab in English, checking every page it lands on with axe."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(locale="en-GB")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base + "/en"

    def go(self, path: str) -> Any:
        self.page.goto(self.base + path)
        self.check()
        return self.page

    def check(self) -> None:
        self.page.wait_for_load_state()
        assert serious_violations(self.page) == [], self.page.url

    def sign_in(self, email: str) -> None:
        self.go("/konto/logg-inn/")
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/konto/")

    def close(self) -> None:
        self.context.close()


def _world() -> dict[str, Any]:
    today = timezone.localdate()
    supplier = organisation(Organisation.Kind.COMPANY, name="Nattsensor AS")
    person(Role.SUPPLIER, org=supplier, name="Siri Selger")
    sensor = solution(
        supplier,
        title="Fallvarsling om natten",
        summary="Sensorer i gulvet varsler nattevakten når noen faller.",
        price_details=SECRET_PRICE,
        buyer_only=["price_details"],
    )
    Adoption.objects.create(
        solution=sensor,
        organisation=organisation(name="Utsira kommune"),
        adopted_on=today - timedelta(days=200),
        scope=Adoption.Scope.WHOLE,
        route=PurchaseRoute.ORIGINAL_CONTRACT,
    )
    cloud_service(
        supplier,
        name="Nattsensor sky",
        category=CloudService.Category.HEALTH_WELFARE,
        certifications="ISO/IEC 27001",
        buyer_only=["certifications"],
    )
    municipality = organisation(name="Tokke kommune")
    buyer = person(Role.BUYER, org=municipality, name="Tone Tokke")
    provider = organisation(name="Naturskolen SA")
    contract = actions.save_contract(
        EffectContract(
            title="Naturskole for ungdom",
            measure="Naturskole for elever som står i fare for å falle ut (fiktive tall).",
            commissioner=municipality,
            investor=organisation(name="Sosial Investor AS"),
            provider=provider,
            funded_from=today - timedelta(days=800),
            funded_until=today + timedelta(days=300),
            investment=3_000_000,
            repayment_percent=Decimal(40),
        ),
        by=buyer,
    )
    final = today - timedelta(days=30)
    first = final - timedelta(days=365)
    coping = actions.save_indicator(
        OutcomeIndicator(
            contract=contract,
            name="Bedre mestring",
            unit="%",
            baseline=Decimal(20),
            target=Decimal(60),
            measurement_dates=[first.isoformat(), final.isoformat()],
            evidence_source="Spørreundersøkelse",
            weight=Decimal(40),
        ),
        by=buyer,
    )
    actions.save_indicator(
        OutcomeIndicator(
            contract=contract,
            name="Frafall",
            unit="%",
            baseline=Decimal(30),
            target=Decimal(20),
            measurement_dates=[final.isoformat()],
            evidence_source="Elevregisteret",
            weight=Decimal(60),
        ),
        by=buyer,
    )
    actions.sign_contract(contract, by=buyer, signed_on=first - timedelta(days=360))
    actions.record_measurement(
        coping,
        by=buyer,
        measured_for=first,
        value=Decimal(35),
        reported_on=first + timedelta(days=10),
        evidence="Rapport år 1",
    )
    return {"buyer": buyer, "contract": contract, "final": final}


def test_catalogue_adoption_and_effect_contract(live_server: Any, browser: Any) -> None:
    world = _world()

    # The public: search the catalogue, open a solution, see that some facts are for buyers.
    public = Visit(browser, live_server.url)
    catalogue = public.go("/losninger/")
    catalogue.get_by_label("Search", exact=True).fill("nattevakten")
    catalogue.get_by_role("button", name="Search").click()
    public.check()
    catalogue.get_by_role("link", name="Fallvarsling om natten").click()
    public.check()
    assert catalogue.get_by_text("Visible to signed-in buyers only.").first.is_visible()
    assert SECRET_PRICE not in catalogue.content()
    assert catalogue.get_by_role("cell", name="Utsira kommune").is_visible()
    public.go("/losninger/skytjenester/")
    assert public.page.get_by_role("link", name="Nattsensor sky").is_visible()
    assert "ISO/IEC 27001" not in public.page.content()
    public.go("/losninger/spredning/?by=county")
    assert public.page.get_by_role("heading", name="Adopters per solution").is_visible()
    public.go("/effektkontrakter/")
    public.close()

    # A buyer records that Tokke uses the solution, then expresses interest.
    visit = Visit(browser, live_server.url)
    visit.sign_in(world["buyer"].email)
    page = visit.go("/losninger/")
    page.get_by_role("link", name="Fallvarsling om natten").click()
    visit.check()
    assert page.get_by_text(SECRET_PRICE).is_visible()
    adopt = page.locator("form[action$='/ta-i-bruk/']")
    adopt.get_by_label("Taken into use").fill(
        (timezone.localdate() - timedelta(days=5)).isoformat()
    )
    adopt.get_by_label("Scope").select_option("part")
    adopt.get_by_label("Where it is used").fill("Tre sykehjem")
    adopt.get_by_label("Route of purchase").select_option("follow-on-option")
    adopt.get_by_role("button", name="Record the adoption").click()
    visit.check()
    assert page.get_by_text("Others can now see that you use it").is_visible()
    assert page.get_by_role("cell", name="Tokke kommune").is_visible()
    assert page.get_by_text("Your organisation has recorded that it uses this.").is_visible()
    interest = page.locator("form[action$='/interesse/']")
    interest.get_by_label("Message").fill("Hvordan gikk innføringen?")
    interest.get_by_role("button", name="Express interest").click()
    visit.check()
    assert page.get_by_text("Your interest is sent").is_visible()

    # The effect contract: progress, a measurement, and a correction with its reason.
    contract = world["contract"]
    page = visit.go(f"/effektkontrakter/{contract.pk}/")
    assert page.get_by_role("heading", name="What is owed, and when").is_visible()
    page.get_by_text("Record a measurement").click()
    form = page.locator("form[action$='/maling/']")
    form.get_by_label("Indicator and measurement date").select_option(index=0)
    form.get_by_label("Measured value").fill("64")
    form.get_by_label("Evidence:", exact=True).fill("Rapport år 2")
    form.get_by_role("button", name="Record").click()
    visit.check()
    assert page.get_by_text("The measurement is recorded.").is_visible()
    assert page.get_by_text("Target met").first.is_visible()
    page.get_by_role("link", name=re.compile(r"^Correct\W+Bedre mestring")).last.click()
    visit.check()
    page.get_by_label("Corrected value").fill("58")
    page.get_by_label("Reason for the correction").fill("Én klasse var telt to ganger.")
    page.get_by_role("button", name="Record the correction").click()
    visit.check()
    assert page.get_by_text("The correction is recorded.").is_visible()
    assert page.get_by_text("Én klasse var telt to ganger.").first.is_visible()
    assert page.get_by_role("heading", name="Change log").is_visible()
    visit.close()

    assert Adoption.objects.filter(organisation__name="Tokke kommune").exists()
    assert Measurement.objects.filter(corrects__isnull=False, value=58).exists()


def test_forms_and_figures_have_no_serious_violation(live_server: Any, browser: Any) -> None:
    world = _world()
    draft = actions.save_contract(
        EffectContract(
            title="Utkast",
            measure="Et utkast.",
            commissioner=world["contract"].commissioner,
            investor=world["contract"].investor,
            provider=world["contract"].provider,
            funded_from=timezone.localdate(),
            funded_until=timezone.localdate() + timedelta(days=900),
            investment=1_000_000,
            repayment_percent=Decimal(30),
        ),
        by=world["buyer"],
    )
    pending = solution(organisation(Organisation.Kind.COMPANY), status="submitted")
    adviser = person(Role.ADVISER, name="Rita Rådgiver")
    visit = Visit(browser, live_server.url)
    visit.sign_in(adviser.email)
    for path in [
        "/losninger/ny/",
        "/losninger/skytjenester/ny/",
        "/losninger/til-godkjenning/",
        f"/losninger/{pending.pk}/",
        "/effektkontrakter/ny/",
        f"/effektkontrakter/{draft.pk}/",
        f"/effektkontrakter/{draft.pk}/endre/",
        f"/effektkontrakter/{draft.pk}/indikatorer/ny/",
        "/losninger/spredning/?by=year",
        "/losninger/spredning/?by=municipality_size",
        "/losninger/spredning/?by=solution",
    ]:
        visit.go(path)
    # A form sent back with errors is checked too.
    page = visit.go("/losninger/ny/")
    page.get_by_label("Supplier's organisation number").fill("123456789")
    page.get_by_role("button", name="Save").click()
    visit.check()
    assert page.get_by_text("must start with 8 or 9").is_visible()
    visit.close()
