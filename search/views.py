"""The search page."""

from django.shortcuts import render

from council.models import Body
from search import selectors
from search.forms import KIND_CHOICES, SearchForm


def search_page(request):
    form = SearchForm(request.GET or None, bodies=list(Body.objects.order_by("order", "code")))
    results = None
    if form.is_bound and form.is_valid() and form.criteria().asked:
        results = selectors.search(user=request.user, criteria=form.criteria())
    kinds = [(value, label, results.counts.get(value, 0) if results else None) for value, label in KIND_CHOICES]
    return render(request, "search/search.html", {"form": form, "results": results, "kinds": kinds})
