import django_filters

from query.models import Archive, Dataset


class ArchiveFilter(django_filters.FilterSet):
    class Meta:
        model = Archive
        fields = ["visible"]


class DatasetFilter(django_filters.FilterSet):
    archive = django_filters.CharFilter(field_name="archive__slug")

    class Meta:
        model = Dataset
        fields = ["archive", "connector_type", "category", "level", "collection", "enabled"]
