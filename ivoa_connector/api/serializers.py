"""Serializers of the IVOA API: registry search parameters and results, service import."""

from __future__ import annotations

from rest_framework import serializers

from ivoa_connector.regtap import STANDARDS, WAVEBANDS

MAX_PAGE_SIZE = 100


class RegistryQuerySerializer(serializers.Serializer):
    registry = serializers.SlugField(required=False, allow_blank=True, max_length=80,
                                     help_text="Slug of an ivoa-registry dataset; default: "
                                               "the first enabled one.")
    keyword = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                    help_text="Words matched in titles, descriptions, short "
                                              "names and subjects (all must match).")
    servicetype = serializers.ChoiceField(choices=sorted(STANDARDS), required=False,
                                          allow_blank=True)
    waveband = serializers.ChoiceField(choices=list(WAVEBANDS), required=False,
                                       allow_blank=True)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE,
                                         default=25)


class RegistryServiceSerializer(serializers.Serializer):
    service_type = serializers.CharField()
    access_url = serializers.CharField()
    standard_id = serializers.CharField()


class RegistryResourceSerializer(serializers.Serializer):
    ivoid = serializers.CharField()
    title = serializers.CharField(allow_null=True)
    short_name = serializers.CharField(allow_null=True)
    publisher = serializers.CharField(allow_null=True)
    waveband = serializers.ListField(child=serializers.CharField())
    service_type = serializers.CharField(allow_null=True,
                                         help_text="Type of access_url: tap, scs, sia or ssa.")
    access_url = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)
    reference_url = serializers.CharField(allow_null=True)
    services = RegistryServiceSerializer(many=True)


class RegistryPageSerializer(serializers.Serializer):
    registry = serializers.CharField(help_text="Slug of the registry dataset searched.")
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = RegistryResourceSerializer(many=True)


class ImportSerializer(serializers.Serializer):
    ivoid = serializers.CharField(max_length=500)
    access_url = serializers.URLField(max_length=500)
    service_type = serializers.ChoiceField(choices=["tap", "scs", "sia"])
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    archive = serializers.SlugField(max_length=80, required=False, allow_blank=True)

    def validate_ivoid(self, value: str) -> str:
        if not value.lower().startswith("ivo://"):
            raise serializers.ValidationError("An IVOA identifier starts with ivo://.")
        return value

    def validate_access_url(self, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http and https services can be imported.")
        return value


class ImportedDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    archive = serializers.SlugField(source="archive.slug")
    connector_type = serializers.CharField()
    service_url = serializers.CharField()
    enabled = serializers.BooleanField()
