"""core.filters: options that are cached must be the same for everyone."""

import pytest

from core.cache import CacheGeneration
from core.filters import QuickModelChoiceFilter


def test_a_cached_filter_refuses_a_queryset_that_depends_on_the_request():
    with pytest.raises(TypeError, match="same queryset for everyone"):
        QuickModelChoiceFilter(
            queryset=lambda request: None,
            cached_under=(CacheGeneration("test:options"),),
        )
