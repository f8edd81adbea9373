"""The working groups' pages: the list of groups, and a page per group gathering its work."""

from django.shortcuts import get_object_or_404, render

from workinggroups import selectors


def group_list(request):
    return render(request, "workinggroups/list.html", {"groups": selectors.groups_overview(user=request.user)})


def group_detail(request, code):
    group = get_object_or_404(selectors.working_groups(), code=code)
    return render(request, "workinggroups/detail.html", selectors.group_page(user=request.user, group=group))
