from django.urls import path

from kjopekraft.programme import views

urlpatterns = [
    path("", views.index, name="index"),
    path("veiledning/", views.guidance, name="guidance"),
    path("behov/", views.needs, name="needs"),
    path("behov/nytt/", views.need_form, name="need_new"),
    path("behov/sla-sammen/", views.merge, name="merge"),
    path("behov/<int:pk>/", views.need_detail, name="need"),
    path("behov/<int:pk>/endre/", views.need_form, name="need_edit"),
    path("behov/<int:pk>/steg/", views.need_step, name="need_step"),
    path("behov/<int:pk>/reise/", views.need_journey, name="need_journey"),
    path("behov/<int:pk>/felles/<int:other>/", views.propose_joint, name="propose_joint"),
    path("utfordringer/", views.challenges, name="challenges"),
    path("utfordringer/ny/", views.challenge_form, name="challenge_new"),
    path("utfordringer/<int:pk>/", views.challenge_detail, name="challenge"),
    path("utfordringer/<int:pk>/endre/", views.challenge_form, name="challenge_edit"),
    path("utfordringer/<int:pk>/steg/", views.challenge_step, name="challenge_step"),
    path("utfordringer/<int:pk>/reise/", views.challenge_journey, name="journey"),
    path("utfordringer/<int:pk>/sporsmal/", views.ask, name="ask"),
    path("utfordringer/<int:pk>/sporsmal/<int:question>/svar/", views.answer, name="answer"),
    path("utfordringer/<int:pk>/sporsmal/<int:question>/hvem/", views.asker, name="asker"),
    path("utfordringer/<int:pk>/forslag/", views.propose, name="propose"),
    path("utfordringer/<int:pk>/evaluering/", views.evaluation_page, name="evaluation"),
    path(
        "utfordringer/<int:pk>/evaluering/evaluator/",
        views.assign_evaluator,
        name="assign_evaluator",
    ),
    path("utfordringer/<int:pk>/evaluering/erklaering/", views.declare, name="declare"),
    path("utfordringer/<int:pk>/evaluering/forslag/<int:proposal>/", views.score, name="score"),
    path("utfordringer/<int:pk>/evaluering/utvalg/", views.select, name="select"),
    path("utfordringer/<int:pk>/pilot/", views.pilot, name="pilot"),
    path(
        "utfordringer/<int:pk>/pilot/<int:pilot_id>/<str:kind>/", views.pilot_add, name="pilot_add"
    ),
    path("utfordringer/<int:pk>/beslutning/", views.decide, name="decide"),
    path("forslag/<int:pk>/", views.proposal_detail, name="proposal"),
    path("forslag/<int:pk>/trekk/", views.proposal_withdraw, name="proposal_withdraw"),
    path("forslag/<int:pk>/vedlegg/<int:attachment>/", views.attachment, name="attachment"),
    path("leverandorprofil/", views.supplier_profile, name="supplier_profile"),
    path("emner/", views.topics, name="topics"),
    path("logg/", views.audit_log, name="audit"),
]
