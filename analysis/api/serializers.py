from rest_framework import serializers

from analysis.models import ComputeFacility, SoftwareRepository


class ComputeFacilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = ComputeFacility
        fields = ["slug", "name", "kind", "url", "description"]


class SoftwareRepositorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SoftwareRepository
        fields = ["slug", "name", "kind", "url", "description"]
