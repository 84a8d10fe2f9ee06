"""The suite's N+1 detector (django-zeal, in the test settings) fails a page
that loads related rows one query at a time, and passes one that joins them."""

import pytest
from zeal.errors import NPlusOneError


@pytest.fixture
def n_plus_one_urls(settings):
    settings.ROOT_URLCONF = "tests.n_plus_one_urls"


def test_it_fails_a_page_that_loads_each_related_row_with_its_own_query(client, reference_data, n_plus_one_urls):
    with pytest.raises(NPlusOneError, match="partnership.Organisation.district"):
        client.get("/n-plus-one/")


def test_it_passes_the_same_page_when_the_rows_are_joined(client, reference_data, n_plus_one_urls):
    assert client.get("/joined/").status_code == 200
