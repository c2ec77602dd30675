"""The notice browser: search, the notice page, saved searches and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kjopekraft.accounts import throttle
from kjopekraft.browse import exports, plain
from kjopekraft.browse.filters import Filters
from kjopekraft.browse.forms import SaveSearchForm, SearchForm
from kjopekraft.browse.models import BrowsableNotice, SavedSearch
from kjopekraft.notices.models import Notice, NoticeParty

PAGE_SIZE = 20


def _search(data: QueryDict) -> tuple[SearchForm, Filters | None]:
    """The form and, when it is valid, the search it holds."""
    form = SearchForm(data)
    return form, form.filters() if form.is_valid() else None


def _language() -> str:
    return get_language() or "nb"


def search(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request.GET)
    page = None
    legacy_note = False
    if filters is not None:
        notices = BrowsableNotice.objects.search(filters)
        ordered = notices.by_relevance(filters.q) if filters.q else notices.newest_first()
        ordered = ordered.select_related("procedure__assessment").prefetch_related(
            Prefetch(
                "parties",
                queryset=NoticeParty.objects.filter(role=NoticeParty.Role.BUYER),
                to_attr="buyers",
            )
        )
        page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
        plain.for_listing(page, _language())
        legacy_note = filters.includes_legacy_ted and BrowsableNotice.objects.legacy_ted().exists()
    querystring = filters.querystring() if filters else ""
    return render(
        request,
        "browse/search.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "querystring": querystring,
            "legacy_note": legacy_note,
            "save_form": SaveSearchForm(initial={"name": filters.q if filters else ""}),
            "export_formats": exports.FORMAT_LABELS,
            "export_max": exports.WEB_MAX_NOTICES,
        },
    )


def notice(request: HttpRequest, ident: str) -> HttpResponse:
    found = Notice.objects.lookup(ident)
    if found is None:
        raise Http404
    language = _language()
    procedure_notices = plain.in_time_order(
        list(Notice.objects.latest_versions().filter(procedure_id=found.procedure_id))
    )
    plain.for_listing(procedure_notices, language)
    versions = plain.in_time_order(list(Notice.objects.filter(notice_id=found.notice_id)))
    return render(
        request,
        "browse/notice.html",
        {
            "notice": found,
            "plain": plain.describe(found, language),
            "procedure_notices": procedure_notices,
            "versions": versions if len(versions) > 1 else [],
            "assessment": plain.assessment(found.procedure_id, language),
            "legacy": found.source == "ted" and found.format == "ted-xml",
        },
    )


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    saved = request.user.saved_searches.order_by("-created")
    return render(request, "browse/saved.html", {"saved_searches": saved})


@login_required
@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    # The search comes as the query string the results page was made from.
    _form, filters = _search(QueryDict(request.POST.get("search", "")))
    if filters is None:
        messages.error(request, _("The search could not be saved: correct the search first."))
        return redirect("browse:search")
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The search could not be saved: give it a name."))
        return redirect(_search_url(filters))
    if request.user.saved_searches.count() >= SavedSearch.MAX_PER_USER:
        messages.error(
            request,
            _("You have %(count)s saved searches, the most there can be. Delete one first.")
            % {"count": SavedSearch.MAX_PER_USER},
        )
        return redirect("browse:saved")
    SavedSearch.objects.create(
        user=request.user,
        name=form.cleaned_data["name"],
        query=filters.as_params(),
        language=_language(),
    )
    messages.success(
        request, _("The search is saved. You get an e-mail when new notices match it.")
    )
    return redirect("browse:saved")


@login_required
@require_POST
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("The saved search “%(name)s” is deleted.") % {"name": saved.name})
    return redirect("browse:saved")


def export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in exports.FORMATS:
        raise Http404
    address = request.META.get("REMOTE_ADDR", "")
    if not throttle.hit("export", address, limit=exports.WEB_PER_HOUR, window_seconds=3600):
        return render(request, "browse/export_refused.html", {"throttled": True}, status=429)
    form, filters = _search(request.GET)
    if filters is None:
        return render(request, "browse/export_refused.html", {"form": form}, status=400)
    notices = BrowsableNotice.objects.search(filters)
    count = notices.count()
    if count > exports.WEB_MAX_NOTICES:
        return render(
            request,
            "browse/export_refused.html",
            {"count": count, "limit": exports.WEB_MAX_NOTICES},
            status=400,
        )
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = StreamingHttpResponse(
        exports.stream_zip(kind, notices, filters=filters), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="kjopekraft-{kind}-{stamp}.zip"'
    return response


def _search_url(filters: Filters) -> str:
    querystring = filters.querystring()
    return reverse("browse:search") + (f"?{querystring}" if querystring else "")
