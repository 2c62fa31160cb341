"""Zooniverse API serializers: input validation and (documentation of) the answers. Component
names carry the ``Zooniverse`` prefix (the schema is shared with the other apps)."""

from __future__ import annotations

from rest_framework import serializers

from zooniverse_connector.models import ExportKind, ExportState, ZooniverseExport

MAX_PAGE = 10_000


class ZooniversePageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=MAX_PAGE)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100,
                                         help_text="Default: the dataset's page_size.")


class ZooniverseSubjectsQuerySerializer(ZooniversePageQuerySerializer):
    project = serializers.CharField(required=False, help_text="Panoptes project id.")
    subject_set = serializers.CharField(required=False, help_text="Panoptes subject set id.")


class ZooniverseProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField(allow_null=True)
    display_name = serializers.CharField()
    description = serializers.CharField()
    introduction = serializers.CharField()
    avatar = serializers.CharField(allow_null=True)
    subjects_count = serializers.IntegerField(allow_null=True)
    classifications_count = serializers.IntegerField(allow_null=True)
    classifiers_count = serializers.IntegerField(allow_null=True)
    state = serializers.CharField(allow_null=True)
    completeness = serializers.FloatField(allow_null=True)
    launch_approved = serializers.BooleanField()
    project_url = serializers.CharField(allow_null=True)
    owner = serializers.BooleanField(help_text="The signed-in user may request exports.")


class _ZooniversePage(serializers.Serializer):
    count = serializers.IntegerField(allow_null=True)
    page = serializers.IntegerField()
    page_size = serializers.IntegerField(allow_null=True)
    page_count = serializers.IntegerField(allow_null=True)
    next_page = serializers.IntegerField(allow_null=True)


class ZooniverseWorkflowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    active = serializers.BooleanField()
    subjects_count = serializers.IntegerField(allow_null=True)
    classifications_count = serializers.IntegerField(allow_null=True)
    completeness = serializers.FloatField(allow_null=True)


class ZooniverseWorkflowPageSerializer(_ZooniversePage):
    results = ZooniverseWorkflowSerializer(many=True)


class ZooniverseSubjectSetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    set_member_subjects_count = serializers.IntegerField(allow_null=True)


class ZooniverseSubjectSetPageSerializer(_ZooniversePage):
    results = ZooniverseSubjectSetSerializer(many=True)


class ZooniverseLocationSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="MIME type, e.g. image/jpeg")
    url = serializers.CharField()


class ZooniverseSubjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    locations = ZooniverseLocationSerializer(many=True)
    thumbnail = serializers.CharField(allow_null=True)
    metadata = serializers.DictField()
    talk_url = serializers.CharField()


class ZooniverseSubjectPageSerializer(_ZooniversePage):
    results = ZooniverseSubjectSerializer(many=True)


class ZooniverseAccountSerializer(serializers.Serializer):
    connected = serializers.BooleanField()
    login = serializers.CharField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True, required=False)


class ZooniverseSignInSerializer(serializers.Serializer):
    login = serializers.CharField(max_length=200)
    password = serializers.CharField(max_length=500, trim_whitespace=False,
                                     style={"input_type": "password"}, write_only=True)


class ZooniverseExportCreateSerializer(serializers.Serializer):
    # A text checked against the kinds (not a ChoiceField: "kind" enums of other apps would
    # collide in the schema's component names).
    kind = serializers.CharField(default=ExportKind.CLASSIFICATIONS,
                                 help_text="classifications (default), subjects or workflows")

    def validate_kind(self, value: str) -> str:
        if value not in ExportKind.values:
            raise serializers.ValidationError(
                f"One of: {', '.join(ExportKind.values)}.")
        return value


class ZooniverseExportSerializer(serializers.ModelSerializer):
    dataset = serializers.CharField(source="dataset_slug")
    kind = serializers.CharField(help_text="classifications, subjects or workflows")
    state = serializers.CharField(help_text=" | ".join(ExportState.values))

    class Meta:
        model = ZooniverseExport
        fields = ["id", "dataset", "project_id", "project_name", "kind", "state",
                  "requested_at", "checked_at", "ready_at", "error", "download_url"]
        read_only_fields = fields


class ZooniverseExportPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = ZooniverseExportSerializer(many=True)


class ZooniverseBasketAddSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    existing = serializers.IntegerField()
    item_id = serializers.IntegerField(allow_null=True)
