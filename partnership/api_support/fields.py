"""The API reads amounts as the pages do (partnership.money.money_from_text):
a JSON number, or a string such as "1250.00", "1,250.00" or "£1,250.00"."""

from django.db import models
from rest_framework import serializers

from partnership.money import money_from_text


class MoneyDecimalField(serializers.DecimalField):
    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip():
            try:
                data = str(money_from_text(data))
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


def install() -> None:
    """Every ModelSerializer's decimal fields read money this way (from PartnershipConfig.ready)."""
    serializers.ModelSerializer.serializer_field_mapping[models.DecimalField] = MoneyDecimalField
