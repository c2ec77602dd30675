"""One case from need to decision in a real browser, as each persona in turn, with axe-core.

The pages are read in English so that the test holds whatever the Norwegian wording becomes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from accessibility import serious_violations
from django.utils import timezone
from programme_builders import PDF, org_of, person, supplier

from kjopekraft.accounts.models import Role
from kjopekraft.programme.models import Challenge, Decision, Need, Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-test-123"


class Visit:
    """A browser tab signed in as one person, checking every page it opens with axe."""

    def __init__(self, browser: Any, base: str, email: str, tmp_path: Path) -> None:
        self.context = browser.new_context(locale="en-GB")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base + "/en"
        self.tmp_path = tmp_path
        self.go("/konto/logg-inn/")
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/konto/")

    def go(self, path: str) -> Any:
        self.page.goto(self.base + path)
        self.check()
        return self.page

    def check(self) -> None:
        self.page.wait_for_load_state()
        assert serious_violations(self.page) == [], self.page.url

    def click(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).first.click()
        self.page.wait_for_load_state()
        self.check()

    def close(self) -> None:
        self.context.close()


def test_one_case_from_need_to_decision(live_server: Any, browser: Any, tmp_path: Path) -> None:
    adviser = person(Role.ADVISER, name="Rasmus Rådgiver")
    buyer = person(Role.BUYER, name="Ingrid Innkjøper")
    seller = supplier()
    evaluator = person(name="Eva Evaluator")
    for user in (adviser, buyer, seller, evaluator):
        user.set_password(PASSWORD)
        user.save()
    base = live_server.url

    # 1. The buyer describes the need, looks for similar ones, and submits it.
    visit = Visit(browser, base, buyer.email, tmp_path)
    page = visit.go("/program/behov/nytt/")
    field(page, "Title").fill("More activity for patients on short stays")
    field(page, "Topic").select_option("health-care")
    field(page, "The problem").fill("Patients on short stays sit still and grow weaker.")
    field(page, "Who has the problem").fill("Patients on short-term stays in nursing homes.")
    field(page, "Today's practice").fill("Physiotherapy twice a week.")
    field(page, "Desired effect").fill("Patients are more active and can move home.")
    field(page, "How the effect is measured").fill("Minutes of activity per patient a day")
    field(page, "Value today").fill("25")
    field(page, "Target value").fill("45")
    visit.click("Show similar needs and purchases")
    assert page.get_by_role("heading", name="Similar needs and past purchases").is_visible()
    visit.click("Save and submit to the programme")
    need = Need.objects.get()
    assert need.status == Need.Status.SUBMITTED
    visit.close()

    # 2. The adviser accepts the need and makes it a challenge.
    visit = Visit(browser, base, adviser.email, tmp_path)
    page = visit.go(f"/program/behov/{need.pk}/")
    page.get_by_label("Accept the need").check()
    visit.click("Send the decision")
    page = visit.go("/program/behov/sla-sammen/")
    page.get_by_label(f"{need.title} – {need.organisation.name}").first.check()
    field(page, "Lead need").select_option(str(need.pk))
    visit.click("Make the draft challenge")
    challenge = Challenge.objects.get()
    field(page, "Deadline for questions").fill(_local(days=5))
    field(page, "Deadline for proposals").fill(_local(days=10))
    field(page, "Procurement route").select_option("innovation")
    visit.click("Save")
    visit.click("Publish")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PUBLISHED
    visit.close()

    # 3. A supplier asks a question and proposes, with an attachment.
    visit = Visit(browser, base, seller.email, tmp_path)
    page = visit.go(f"/program/utfordringer/{challenge.pk}/")
    field(page, "Your question").fill("May the pilot use a robot?")
    visit.click("Send the question")
    page = visit.go(f"/program/utfordringer/{challenge.pk}/forslag/")
    field(page, "Title").fill("Activity robot")
    field(page, "Summary").fill("A robot that reminds and motivates.")
    field(page, "How it solves the problem").fill("Built with the physiotherapists.")
    field(page, "Expected effect").fill("45 minutes a day.")
    field(page, "Price for the pilot (NOK, excl. VAT)").fill("900000")
    attachment = tmp_path / "robot.pdf"
    attachment.write_bytes(PDF)
    field(page, "Attachments").set_input_files(str(attachment))
    visit.click("Submit the proposal")
    proposal = Proposal.objects.get()
    assert proposal.attachments.count() == 1
    assert page.get_by_role("link", name="robot.pdf").is_visible()
    visit.close()

    # 4. The adviser answers; after the deadline closes, assigns an evaluator.
    visit = Visit(browser, base, adviser.email, tmp_path)
    page = visit.go(f"/program/utfordringer/{challenge.pk}/")
    page.get_by_role("textbox", name="Answer", exact=True).fill("Yes, a robot is welcome.")
    visit.click("Publish the answer to everyone")
    assert page.get_by_text("Yes, a robot is welcome.").is_visible()
    Challenge.objects.filter(pk=challenge.pk).update(
        question_deadline=timezone.now() - timedelta(days=2),
        proposal_deadline=timezone.now() - timedelta(minutes=1),
    )
    page = visit.go(f"/program/utfordringer/{challenge.pk}/")
    visit.click("Close for proposals")
    page = visit.go(f"/program/utfordringer/{challenge.pk}/evaluering/")
    field(page, "E-mail address of the evaluator").fill(evaluator.email)
    visit.click("Assign the evaluator")
    page = visit.go(f"/program/utfordringer/{challenge.pk}/")
    visit.click("Start the evaluation")
    visit.close()

    # 5. The evaluator declares no conflict and scores every criterion.
    visit = Visit(browser, base, evaluator.email, tmp_path)
    page = visit.go(f"/program/utfordringer/{challenge.pk}/evaluering/")
    page.get_by_label("No: I have no ties").check()
    visit.click("Send the declaration")
    page.get_by_role("link", name="Score").first.click()
    visit.check()
    for criterion in challenge.criteria.all():
        page.get_by_label(f"Score for “{criterion.name}” (0–10)").select_option("8")
        page.get_by_label(f"Justification for “{criterion.name}”").fill("Convincing.")
    visit.click("Save the scores")
    assert page.get_by_role("table").first.is_visible()
    visit.close()

    # 6. The adviser selects the proposal for the pilot, with reasons.
    visit = Visit(browser, base, adviser.email, tmp_path)
    page = visit.go(f"/program/utfordringer/{challenge.pk}/evaluering/")
    page.get_by_label(f"Activity robot – {org_of(seller, Role.SUPPLIER).name}").check()
    field(page, "Reasons for the selection").fill("Highest weighted score.")
    field(page, "Pilot starts").fill(timezone.localdate().isoformat())
    field(page, "Pilot ends").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    visit.click("Select and tell every participant")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PILOT
    visit.close()

    # 7. The buyer measures the effect, ends the pilot and decides to buy and scale.
    visit = Visit(browser, base, buyer.email, tmp_path)
    page = visit.go(f"/program/utfordringer/{challenge.pk}/pilot/")
    page.get_by_text("Record a measurement").click()
    field(page, "Measured on").fill(timezone.localdate().isoformat())
    field(page, "Measured value").fill("47")
    visit.click("Record")
    assert page.get_by_text("110 % of the way to the target").is_visible()
    visit.click("End the pilot and decide")
    page = visit.go(f"/program/utfordringer/{challenge.pk}/beslutning/")
    page.get_by_label("Buy and scale").check()
    field(page, "Reason").fill("The target was reached.")
    field(page, "Route to purchase").select_option("innovation")
    page.get_by_label("Other buyers may follow on").check()
    visit.click("Record the decision")
    assert page.get_by_role("heading", name="Next step").is_visible()
    visit.close()

    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.DONE
    assert Decision.objects.get().outcome == Decision.Outcome.BUY_AND_SCALE

    # 8. Anyone can follow the case: the public journey page.
    context = browser.new_context(locale="en-GB")
    public = context.new_page()
    public.goto(f"{base}/en/program/utfordringer/{challenge.pk}/reise/")
    assert serious_violations(public) == []
    assert public.get_by_text("Buy and scale").first.is_visible()
    context.close()


def field(page: Any, label: str) -> Any:
    """A form field by its whole label, which Django ends with a colon."""
    return page.get_by_label(f"{label}:", exact=True)


def _local(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
