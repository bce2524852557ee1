"""Filters shared by every app's FilterSets."""

import django_filters

from core.text import normalize


class SearchFilter(django_filters.CharFilter):
    """Arabic-aware search on the model's normalized `search_text`: every word must match."""

    def filter(self, qs, value):
        terms = normalize(value).split()
        for term in terms[:8]:
            qs = qs.filter(search_text__contains=term)
        return qs
