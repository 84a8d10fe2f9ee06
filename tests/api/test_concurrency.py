"""ETag and If-Match: a stale update is refused with 412 and changes nothing.

The mixin is exercised through two small viewsets wired only for this module:
one over a model with a `version` field (Intervention), one over a model
without (Organisation), whose ETag is a digest of what the client read.
"""

import pytest
from django.urls import include, path
from rest_framework import routers, serializers, viewsets

from interventions.models import Intervention
from partnership import access
from partnership.api_support.concurrency import ConditionalUpdateMixin
from partnership.models import Organisation

pytestmark = pytest.mark.urls(__name__)


class InterventionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Intervention
        fields = ["id", "name", "description", "version"]
        read_only_fields = ["version"]


class InterventionViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    serializer_class = InterventionSerializer

    def get_queryset(self):
        return access.visible(self.request.user, Intervention.objects.all())


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class OrganisationViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return access.visible(self.request.user, Organisation.objects.all())


router = routers.SimpleRouter()
router.register("interventions", InterventionViewSet, basename="intervention")
router.register("organisations", OrganisationViewSet, basename="organisation")
urlpatterns = [path("api/v1/", include(router.urls))]


@pytest.fixture
def intervention(reference_data):
    orgs = reference_data["orgs"]
    item = Intervention.objects.create(reference="ae-leeds", name="A&E Navigator: Leeds", provider=orgs["police"])
    item.districts.add(reference_data["districts"]["leeds"])
    return item


def url(item):
    return f"/api/v1/interventions/{item.pk}/"


def test_it_gives_an_etag_on_read(api_for, intervention):
    response = api_for("staff").get(url(intervention))
    assert response.status_code == 200
    assert response["ETag"] == f'"interventions.intervention-{intervention.pk}-v1"'


def test_it_updates_with_the_current_etag_and_gives_the_next(api_for, intervention):
    client = api_for("staff")
    etag = client.get(url(intervention))["ETag"]
    response = client.patch(url(intervention), {"name": "A&E Navigator service: Leeds"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    intervention.refresh_from_db()
    assert intervention.name == "A&E Navigator service: Leeds"
    assert intervention.version == 2
    assert response.json()["version"] == 2
    assert response["ETag"] == f'"interventions.intervention-{intervention.pk}-v2"'


def test_it_refuses_a_stale_update_and_changes_nothing(api_for, intervention):
    alice, bob = api_for("staff"), api_for("staff2")
    etag = alice.get(url(intervention))["ETag"]
    assert bob.get(url(intervention))["ETag"] == etag
    assert alice.patch(url(intervention), {"name": "Alice's name"}, HTTP_IF_MATCH=etag).status_code == 200

    response = bob.put(url(intervention), {"name": "Bob's name", "description": "Bob's"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    intervention.refresh_from_db()
    assert (intervention.name, intervention.description, intervention.version) == ("Alice's name", "", 2)


def test_it_requires_if_match(api_for, intervention):
    response = api_for("staff").patch(url(intervention), {"name": "No precondition"})
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    intervention.refresh_from_db()
    assert intervention.name == "A&E Navigator: Leeds"


def test_it_hides_another_csps_object_before_checking_the_etag(api_for, intervention):
    response = api_for("bradford").patch(url(intervention), {"name": "x"}, HTTP_IF_MATCH="*")
    assert response.status_code == 404


def test_it_refuses_a_coordinator_who_may_see_but_not_change(api_for, intervention):
    client = api_for("leeds")
    etag = client.get(url(intervention))["ETag"]
    assert client.patch(url(intervention), {"name": "x"}, HTTP_IF_MATCH=etag).status_code == 403


def test_it_uses_a_digest_for_models_without_a_version(api_for, reference_data):
    police = reference_data["orgs"]["police"]
    client = api_for("staff")
    target = f"/api/v1/organisations/{police.pk}/"
    etag = client.get(target)["ETag"]
    assert client.patch(target, {"name": "West Yorkshire Police"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = client.patch(target, {"name": "Stale"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    police.refresh_from_db()
    assert police.name == "West Yorkshire Police"
