"""Pages of the programme of work: the roadmaps, a roadmap with its timeline and activities, its signed text."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from council.content import text_in
from council.uploads import file_download
from meetings.permissions import can_view_meeting
from programme import selectors
from programme.models import Roadmap
from programme.timeline import Row, timeline_svg


def roadmap_list(request):
    roadmaps = selectors.roadmaps_listed_for(user=request.user)
    rows = [{"roadmap": roadmap, "progress": selectors.listed_progress(roadmap)} for roadmap in roadmaps]
    return render(request, "programme/list.html", {"rows": rows})


def roadmap_detail(request, pk):
    try:
        roadmap = selectors.roadmap_for_page(user=request.user, pk=pk)
    except Roadmap.DoesNotExist as exc:
        raise Http404 from exc
    activities = roadmap.activity_list
    title = text_in(roadmap, "title")
    chart = timeline_svg(
        chart_id=f"roadmap-{roadmap.pk}-timeline",
        title=_("Timeline of %(roadmap)s") % {"roadmap": title.text},
        period=(roadmap.starts_on, roadmap.ends_on),
        rows=[
            Row(
                title=text_in(activity, "title").text,
                status=activity.status,
                status_text=activity.get_status_display(),
                planned=(activity.planned_start, activity.planned_end),
                actual=(activity.actual_start, activity.actual_end),
            )
            for activity in activities
        ],
        today=timezone.localdate(),
    )
    return render(
        request,
        "programme/detail.html",
        {
            "roadmap": roadmap,
            "activities": activities,
            "chart": chart,
            "progress": selectors.progress_of(activities),
            "parties": selectors.party_progress(roadmap),
            # The meeting that adopted it is named only to those who may see that meeting.
            "adopted_visible": roadmap.adopted_at_id is not None and can_view_meeting(request.user, roadmap.adopted_at),
        },
    )


def signed_text(request, pk):
    roadmap = selectors.roadmaps_visible_to(user=request.user).filter(pk=pk).first()
    if roadmap is None or not roadmap.signed_text:
        raise Http404
    return file_download(roadmap.signed_text, roadmap.download_name)
