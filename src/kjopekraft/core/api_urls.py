from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from kjopekraft.insight import indicators_api
from kjopekraft.instruments import api as instruments_api
from kjopekraft.notices import api as notices_api
from kjopekraft.outcomes import api as outcomes_api
from kjopekraft.programme import api as programme_api
from kjopekraft.solutions import api as solutions_api

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("notices/", notices_api.NoticeList.as_view(), name="notice-list"),
    path("notices/<path:ident>", notices_api.NoticeDetail.as_view(), name="notice-detail"),
    path("advice/", instruments_api.Advice.as_view(), name="advice"),
    path("challenges/", programme_api.ChallengeList.as_view(), name="challenge-list"),
    path("solutions/", solutions_api.SolutionList.as_view(), name="solution-list"),
    path("cloud-services/", solutions_api.CloudServiceList.as_view(), name="cloud-service-list"),
    path(
        "effect-contracts/", outcomes_api.EffectContractList.as_view(), name="effect-contract-list"
    ),
    path("indicators/", indicators_api.Indicators.as_view(), name="indicators"),
]
